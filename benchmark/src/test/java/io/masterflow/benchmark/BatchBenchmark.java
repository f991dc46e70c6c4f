package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A batch pause of many flows while interactive callers go on: how fast the batch goes, and what it costs the
 * interactive calls' latency, measured before and during the batch on the same server in the same sitting.
 */
final class BatchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BATCH_TYPE = "planning";
    /** A type whose first phase takes an empty input, and which the batch's filter never selects. */
    private static final String INTERACTIVE_TYPE = "observability";

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    BatchBenchmark(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    String run(int flows, int creators, int interactiveClients, int measureSeconds) throws Exception {
        StringBuilder report = new StringBuilder();
        long createStart = System.nanoTime();
        createFlows(flows, creators);
        double createSeconds = (System.nanoTime() - createStart) / 1e9;
        report.append(String.format("flows created for the batch: %,d in %.0f s (%,.0f/s, %d clients)%n", flows, createSeconds,
                flows / createSeconds, creators));
        long selectable = awaitSelectable(flows);
        report.append(String.format("selected by the batch's filter: %,d%n", selectable));

        long[] before = interactive(interactiveClients, measureSeconds);
        report.append(line("interactive calls before the batch", before, measureSeconds));

        JsonNode started = send("POST", "/api/v1/batches", Map.of("operation", "pause",
                "filter", Map.of("flowType", BATCH_TYPE, "status", List.of("CREATED")), "arguments", Map.of("reason", "benchmark")));
        String batchId = started.path("batchId").asText();
        long batchStart = System.nanoTime();
        long[] during = interactive(interactiveClients, measureSeconds);
        JsonNode progress = send("GET", "/api/v1/batches/" + batchId, null);
        double duringSeconds = (System.nanoTime() - batchStart) / 1e9;
        report.append(line("interactive calls during the batch", during, measureSeconds));
        report.append(String.format("batch while measured: %,d flows done in %.0f s (%,.0f flows/s)%n",
                progress.path("done").asLong(), duringSeconds, progress.path("done").asLong() / duringSeconds));
        report.append(String.format("interactive p99 during / before: %.2fx; p50: %.2fx%n",
                percentile(during, 0.99) / (double) percentile(before, 0.99), percentile(during, 0.50) / (double) percentile(before, 0.50)));

        while (progress.path("state").asText().equals("RUNNING")) {
            Thread.sleep(2000);
            progress = send("GET", "/api/v1/batches/" + batchId, null);
        }
        double batchSeconds = (System.nanoTime() - batchStart) / 1e9;
        report.append(String.format("batch: %s, %,d done, %,d skipped, %,d failed, in %.0f s (%,.0f flows/s)%n",
                progress.path("state").asText(), progress.path("done").asLong(), progress.path("skipped").asLong(),
                progress.path("failed").asLong(), batchSeconds, progress.path("done").asLong() / batchSeconds));
        return report.toString();
    }

    private void createFlows(int flows, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        runFor(clients, () -> {
            while (next.getAndIncrement() < flows) {
                send("POST", "/api/v1/flows", Map.of("flowType", BATCH_TYPE, "name", "batched " + next.get()));
            }
        });
    }

    /** The batch selects on the read model: waits until it holds every flow made. */
    private long awaitSelectable(int flows) throws Exception {
        long selectable;
        do {
            Thread.sleep(1000);
            selectable = send("POST", "/api/v1/batches", Map.of("operation", "pause", "dryRun", true,
                    "filter", Map.of("flowType", BATCH_TYPE, "status", List.of("CREATED")))).path("wouldTouch").asLong();
        } while (selectable < flows);
        return selectable;
    }

    /** Each client, in a loop: create a flow, start its first phase, read it; every call timed on its own. */
    private long[] interactive(int clients, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        runFor(clients, () -> {
            while (System.nanoTime() < end) {
                try {
                    String flow = timed(latencies, () -> send("POST", "/api/v1/flows", Map.of("flowType", INTERACTIVE_TYPE,
                            "name", "interactive"))).path("flowId").asText();
                    long version = timed(latencies, () -> send("POST", "/api/v1/flows/" + flow + "/execute", Map.of()))
                            .path("version").asLong();
                    timed(latencies, () -> send("GET", "/api/v1/flows/" + flow + "?minVersion=" + version + "&waitMs=5000",
                            null));
                } catch (IllegalStateException refused) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, refused.getMessage());
                }
            }
        });
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " interactive calls failed, the first: " + firstError.get());
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private interface Call {
        JsonNode call() throws Exception;
    }

    private static JsonNode timed(List<Long> latencies, Call call) throws Exception {
        long start = System.nanoTime();
        JsonNode answer = call.call();
        latencies.add(System.nanoTime() - start);
        return answer;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void runFor(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("X-Engagement-Id", "22222222-2222-2222-2222-222222222222")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static String line(String what, long[] sorted, int seconds) {
        return String.format("%s: %,d calls in %d s, p50 %.1f ms, p99 %.1f ms%n", what, sorted.length, seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static long percentile(long[] sorted, double percentile) {
        return Percentiles.nearestRank(sorted, percentile * 100);
    }
}
