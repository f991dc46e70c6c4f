package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard on real data: a tenant's engagement with {@code flows} flows (10,000 by default) made through the
 * API of a running quickstart, then in headless Chromium:
 * <ol>
 *   <li>how long the flow list takes to show its first page, from the navigation's start to the list's own User
 *       Timing mark, over several fresh page loads (the first with an empty browser cache), unfiltered, by status (one
 *       flow in a thousand paused) and by a name search; and how long any API call of those loads waited in the
 *       browser before it was sent;</li>
 *   <li>the live list under {@code rate} changes per second (50 by default) for {@code seconds}: half of them to flows
 *       on the page (updated in place), half to flows off it (the first page is read again, at most once a second).
 *       For each change to a shown flow, the time from the command's answer to its row showing the new status; the
 *       page's long tasks and its longest gap between two frames (a frozen page paints no frames); and whether the
 *       rows agree with the API once the load stops.</li>
 * </ol>
 * Figures only: it asserts nothing.
 */
final class DashboardBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENGAGEMENT = "22222222-2222-2222-2222-222222222222";

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
    private final StringBuilder report = new StringBuilder();

    DashboardBenchmark(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    String run(int flows, int pageLoads, int rate, int seconds) throws Exception {
        line("dashboard benchmark: %s, %d flows in one engagement, %d changes/s for %d s", baseUrl, flows, rate, seconds);
        List<String> ids = createFlows(flows);
        Set<String> paused = pauseAFew(ids);
        try (Browser browser = new Browser()) {
            measureListLoads(browser, pageLoads, "/", "the flow list, newest first");
            measureListLoads(browser, pageLoads, "/?status=PAUSED",
                    String.format("filtered by status PAUSED (%d of %,d)", paused.size(), flows));
            measureListLoads(browser, pageLoads, "/?q=flow%2042", "a name search (q=flow 42)");
            measureLive(browser, ids, paused, rate, seconds);
        }
        return report.toString();
    }

    private List<String> createFlows(int count) throws Exception {
        long start = System.nanoTime();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger next = new AtomicInteger();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int worker = 0; worker < 16; worker++) {
            workers.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    JsonNode created = send("POST", "/api/v1/flows", Map.of("flowType", "planning", "name", "flow " + n),
                            Map.of("X-Engagement-Id", ENGAGEMENT));
                    ids.add(created.path("flowId").asText());
                }
                return null;
            }));
        }
        for (var worker : workers) {
            worker.get();
        }
        pool.shutdown();
        // the list reads the flow-status read model: wait until it holds every flow
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (send("GET", "/api/v1/analytics", null, Map.of()).path("flows").path("byStatus").path("CREATED").asLong() < count) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the read model did not catch up in 5 minutes");
            Thread.sleep(200);
        }
        line("made %d flows through the API in %.1f s (16 clients), read model caught up", count, (System.nanoTime() - start) / 1e9);
        return ids;
    }

    /** Pauses one flow in every thousand (at least one), spread over the creation order, for the status filter. */
    private Set<String> pauseAFew(List<String> ids) throws Exception {
        int count = Math.max(1, ids.size() / 1000);
        Set<String> paused = new HashSet<>();
        for (int n = 0; n < count; n++) {
            String flow = ids.get(n * (ids.size() / count));
            send("POST", "/api/v1/flows/" + flow + "/pause", Map.of("reason", "benchmark"), Map.of());
            paused.add(flow);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (send("GET", "/api/v1/analytics", null, Map.of()).path("flows").path("byStatus").path("PAUSED").asLong() < count) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the read model did not show the paused flows in a minute");
            Thread.sleep(200);
        }
        return paused;
    }

    private void measureListLoads(Browser browser, int loads, String path, String what) {
        long[] nanos = new long[loads];
        double longestWait = 0;
        for (int load = 0; load < loads; load++) {
            if (load == 0) browser.forgetCache();
            browser.open(baseUrl + path + "#token=" + token);
            browser.waitFor("table.flows tbody tr, .state.empty");
            Number at = (Number) browser.script("return performance.getEntriesByName('mf:flow-list-rendered')[0]?.startTime");
            if (at == null) throw new IllegalStateException("the list showed its first page without its User Timing mark");
            nanos[load] = (long) (at.doubleValue() * 1_000_000);
            // time an API call spent in the browser before its request went out: waiting for a free connection (six
            // per host) or opening one. Long waits here are the browser's, not the server's.
            Number wait = (Number) browser.script("return Math.max(0, ...performance.getEntriesByType('resource')"
                    + ".filter((e) => new URL(e.name).pathname.startsWith('/api/')).map((e) => e.requestStart - e.startTime))");
            longestWait = Math.max(longestWait, wait.doubleValue());
        }
        LatencySummary summary = Percentiles.summarize(nanos);
        line("%-45s first page shown after: first load (cold cache) %.0f ms, then p50 %.0f ms, max %.0f ms over %d loads;"
                        + " an API call waited at most %.0f ms in the browser before it was sent",
                what, nanos[0] / 1e6, summary.p50Ms(), summary.maxMs(), loads, longestWait);
    }

    private void measureLive(Browser browser, List<String> ids, Set<String> pausedBefore, int rate, int seconds) throws Exception {
        browser.open(baseUrl + "/#token=" + token);
        browser.waitFor("table.flows tbody tr");
        browser.waitFor("[data-testid=live].live-live");
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.script(
                "return [...document.querySelectorAll('table.flows tbody tr')].map((row) => row.dataset.flowId)");
        List<String> offPage = ids.stream().filter(id -> !shown.contains(id)).limit(shown.size()).toList();
        browser.script("""
                window.bench = {changes: [], frames: 0, maxGap: 0, longTasks: [], last: performance.now()};
                new MutationObserver((records) => {
                  const now = Date.now();
                  for (const record of records) {
                    const row = record.target.parentElement?.closest?.('tr[data-flow-id]');
                    if (row) bench.changes.push([row.dataset.flowId, row.querySelector('.status').textContent.trim(), now]);
                  }
                }).observe(document.querySelector('table.flows tbody'), {subtree: true, characterData: true, childList: true});
                const frame = (t) => { bench.frames++; bench.maxGap = Math.max(bench.maxGap, t - bench.last); bench.last = t; requestAnimationFrame(frame); };
                requestAnimationFrame(frame);
                new PerformanceObserver((list) => list.getEntries().forEach((e) => bench.longTasks.push(e.duration)))
                  .observe({type: 'longtask', buffered: false});
                """);

        Map<String, Boolean> paused = new ConcurrentHashMap<>();
        pausedBefore.forEach(flow -> paused.put(flow, true));
        List<long[]> sent = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, String> sentFlow = new ConcurrentHashMap<>();
        Map<Integer, String> sentStatus = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int total = rate * seconds;
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
        ExecutorService senders = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        clock.scheduleAtFixedRate(() -> {
            int n = sequence.getAndIncrement();
            if (n >= total) return;
            senders.submit(() -> {
                // alternate shown and unshown flows; each change pauses or resumes one flow
                List<String> group = n % 2 == 0 ? shown : offPage;
                String flow = group.get((n / 2) % group.size());
                synchronized (flow.intern()) {
                    boolean pause = !paused.getOrDefault(flow, false);
                    try {
                        send("POST", "/api/v1/flows/" + flow + (pause ? "/pause" : "/resume"), Map.of("reason", "benchmark"), Map.of());
                        paused.put(flow, pause);
                        if (n % 2 == 0) {
                            sentFlow.put(n, flow);
                            sentStatus.put(n, pause ? "PAUSED" : "CREATED");
                            sent.add(new long[]{n, System.currentTimeMillis()});
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        while (sequence.get() < total) Thread.sleep(100);
        clock.shutdown();
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000);

        @SuppressWarnings("unchecked")
        Map<String, Object> bench = (Map<String, Object>) browser.script(
                "return {changes: bench.changes, frames: bench.frames, maxGap: bench.maxGap, longTasks: bench.longTasks}");
        @SuppressWarnings("unchecked")
        List<List<Object>> changes = (List<List<Object>>) bench.get("changes");
        Map<String, List<long[]>> seen = new HashMap<>();
        for (List<Object> change : changes) {
            seen.computeIfAbsent((String) change.get(0), key -> new ArrayList<>())
                    .add(new long[]{"PAUSED".equals(change.get(1)) ? 1 : 0, ((Number) change.get(2)).longValue()});
        }
        List<Long> delays = new ArrayList<>();
        int missed = 0;
        for (long[] one : sent) {
            int n = (int) one[0];
            long answeredAt = one[1];
            long wanted = "PAUSED".equals(sentStatus.get(n)) ? 1 : 0;
            long shownAt = seen.getOrDefault(sentFlow.get(n), List.of()).stream()
                    .filter(s -> s[0] == wanted && s[1] >= answeredAt - 5).mapToLong(s -> s[1]).min().orElse(-1);
            if (shownAt < 0) missed++;
            else delays.add(Math.max(0, shownAt - answeredAt));
        }
        long[] nanos = delays.stream().mapToLong(ms -> ms * 1_000_000).toArray();
        LatencySummary delay = Percentiles.summarize(nanos);
        @SuppressWarnings("unchecked")
        List<Number> longTasks = (List<Number>) bench.get("longTasks");
        double longTotal = longTasks.stream().mapToDouble(Number::doubleValue).sum();
        double longMax = longTasks.stream().mapToDouble(Number::doubleValue).max().orElse(0);

        int disagree = 0;
        for (String flow : shown) {
            String row = (String) browser.script("return document.querySelector(`tr[data-flow-id='${arguments[0]}'] .status`)?.textContent.trim()", flow);
            String api = send("GET", "/api/v1/flows/" + flow, null, Map.of()).path("status").asText();
            if (row != null && !row.equals(api)) disagree++;
        }
        line("live list: %d changes sent in %.1f s (%.1f/s, %d refused), half to the %d flows shown, half to flows off the page",
                total, elapsed, total / elapsed, failures.get(), shown.size());
        line("  command answered -> row shows the new status (%d changes to shown flows, %d never shown): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                delay.count(), missed, delay.p50Ms(), delay.p95Ms(), delay.p99Ms(), delay.maxMs());
        line("  page: %d frames in the run, longest gap between frames %.0f ms; %d long tasks (>50 ms), %.0f ms in all, longest %.0f ms",
                ((Number) bench.get("frames")).longValue(), ((Number) bench.get("maxGap")).doubleValue(), longTasks.size(), longTotal, longMax);
        line("  3 s after the load: %d of the %d rows disagree with the API", disagree, shown.size());
    }

    private JsonNode send(String method, String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        if (body != null) request.header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    /** Headless Chromium, as the browser tests run it. */
    private static final class Browser implements AutoCloseable {

        private final ChromeDriver driver;

        Browser() {
            ChromeOptions options = new ChromeOptions().setBinary(new File(System.getProperty("bench.chromium", "/usr/bin/chromium")))
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--window-size=1280,900");
            driver = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("bench.chromedriver", "/usr/bin/chromedriver"))).build(), options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        }

        void forgetCache() {
            driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        }

        void open(String url) {
            driver.get("about:blank");
            driver.get(url);
        }

        void waitFor(String css) {
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(10))
                    .until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
        }

        Object script(String script, Object... args) {
            return driver.executeScript(script, args);
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
