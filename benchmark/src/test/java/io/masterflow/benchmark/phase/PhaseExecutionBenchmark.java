package io.masterflow.benchmark.phase;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.CommandSideApplication;
import io.masterflow.benchmark.Percentiles;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Measures phase execution on this machine (run it with {@code bench/phase-execution.sh}, through
 * {@link PhaseExecutionBenchmarkRun}; it asserts nothing and is not part of the test suite):
 *
 * <ol>
 *   <li>round trip claim -> complete with 16 workers over HTTP, on auto-advancing planning flows (3 external phases),
 *   each completion asking for the worker's next task: tasks per second;</li>
 *   <li>orchestration overhead per phase, one worker, one flow at a time: from the moment the worker sends the
 *   completion of one phase to the moment it holds the next phase's task (the completion's command, the next
 *   attempt's start and the lease, over HTTP), with the next task asked for in the completion and with a claim
 *   after it;</li>
 *   <li>the asset import of a 100,000-row CSV inventory by the in-process handler: from the execute request to the
 *   phase's completion in the event store.</li>
 * </ol>
 *
 * The command side and an embedded PostgreSQL 17 run in this JVM; PostgreSQL runs with fsync and synchronous_commit
 * on unless {@code -Dbench.durable=false}.
 */
public final class PhaseExecutionBenchmark {

    private static final int WORKERS = 16;
    private static final String ENGAGEMENT = "e1000000-0000-0000-0000-000000000000";

    private PhaseExecutionBenchmark() {
    }

    /** Runs every measurement and returns the report (also printed as it goes). */
    public static String run() throws Exception {
        boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
        int throughputFlows = Integer.getInteger("bench.flows", 400);
        // two measured phases per flow, and enough flows that the p99 is not decided by one second's disturbance
        int overheadFlows = Integer.getInteger("bench.overheadFlows", 1_000);
        int assetRows = Integer.getInteger("bench.assetRows", 100_000);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 180));
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder();
        if (durable) {
            database.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on");
        }
        String postgresLog = System.getProperty("bench.postgresLog");
        if (postgresLog != null) {
            // what PostgreSQL did while the slowest phases ran: slow statements, checkpoints, autovacuum, in UTC ms
            database.setServerConfig("logging_collector", "on").setServerConfig("log_directory", Path.of(postgresLog).toAbsolutePath().toString())
                    .setServerConfig("log_min_duration_statement", "5ms").setServerConfig("log_checkpoints", "on")
                    .setServerConfig("log_autovacuum_min_duration", "0").setServerConfig("log_timezone", "UTC")
                    .setServerConfig("log_line_prefix", "'%m [%p] '");
        }
        try (EmbeddedPostgres postgres = database.start();
             ConfigurableApplicationContext app = CommandSideApplication.application().run(
                     "--server.port=0",
                     "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres",
                     "--spring.datasource.password=postgres",
                     "--masterflow.security.jwt.secret=" + TestTokens.SECRET,
                     "--logging.level.root=WARN")) {
            int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            report("PostgreSQL %s, fsync=%s, synchronous_commit=%s; %d cores; Java %s%n",
                    jdbc.queryForObject("show server_version", String.class), jdbc.queryForObject("show fsync", String.class),
                    jdbc.queryForObject("show synchronous_commit", String.class), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));

            report("this machine's own tail, one fixed computation repeated 5,000 times on one thread: %s%n", CpuProbe.measure(5_000));
            ServerTimes server = ServerTimes.watch(app);
            warmUp(port, warmUp, server);
            report("warmed up for %d s%n", warmUp.toSeconds());
            throughput(port, throughputFlows);
            overhead(port, overheadFlows, false, server);
            overhead(port, overheadFlows, true, server);
            assetImport(port, jdbc, assetRows);
        }
        return REPORT.toString();
    }

    private static final StringBuilder REPORT = new StringBuilder();

    private static void report(String format, Object... arguments) {
        String line = String.format(format, arguments);
        REPORT.append(line);
        System.out.print(line);
    }

    private static Api operator(int port, UUID account) {
        return new Api(port, TestTokens.token("bench-operator", account, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR)).withHeader("X-Engagement-Id", ENGAGEMENT);
    }

    private static Api worker(int port, UUID account, int number) {
        return new Api(port, TestTokens.token("bench-worker", account, List.of(ENGAGEMENT), Roles.WORKER)).withHeader("X-Worker-Id", "bench-" + number);
    }

    private static String startFlow(Api operator, String type) {
        String flow = operator.post("/api/v1/flows", Map.of("flowType", type, "name", "bench", "autoAdvance", true)).field("flowId");
        Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "bench")));
        if (started.status() != 202) {
            throw new IllegalStateException("cannot start a flow: " + started);
        }
        return flow;
    }

    /**
     * Runs every measured path for a while, so that what is measured is the server's latency and not the JIT's: in a
     * profile of the overhead measurement after a short warm-up, C2 compilation took a quarter of the two cores, still
     * two minutes after start.
     */
    private static void warmUp(int port, Duration duration, ServerTimes server) throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        do {
            UUID account = UUID.randomUUID();
            Api operator = operator(port, account);
            for (int i = 0; i < 50; i++) {
                startFlow(operator, "planning");
            }
            runWorkers(port, account, 150, 4);
            measureOverhead(port, 50, false, server);
            measureOverhead(port, 50, true, server);
        } while (System.nanoTime() < until);
    }

    private static void throughput(int port, int flows) throws Exception {
        UUID account = UUID.randomUUID();
        Api operator = operator(port, account);
        for (int i = 0; i < flows; i++) {
            startFlow(operator, "planning");
        }
        long began = System.nanoTime();
        int tasks = runWorkers(port, account, flows * 3, WORKERS);
        double seconds = (System.nanoTime() - began) / 1e9;
        report("round trip claim -> complete (next task with the completion), %d workers: %d tasks in %.2f s = %.0f tasks/s%n", WORKERS, tasks, seconds, tasks / seconds);
    }

    /**
     * Workers complete tasks, each asking for its next one with the completion and claiming (long poll) only when it got
     * none, until {@code expected} tasks are done; returns how many they did.
     */
    private static int runWorkers(int port, UUID account, int expected, int workers) throws Exception {
        AtomicInteger done = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch finished = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            Api worker = worker(port, account, w);
            Thread thread = new Thread(() -> {
                try {
                    JsonNode task = null;
                    while (done.get() < expected) {
                        if (task == null || task.isMissingNode()) {
                            task = worker.post("/api/v1/tasks/claim", Map.of("maxTasks", 1, "waitSeconds", 1)).body().path("tasks").path(0);
                            continue;
                        }
                        if (!seen.add(task.path("taskId").asText())) {
                            throw new IllegalStateException("task claimed twice: " + task);
                        }
                        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                                Map.of("output", Map.of("done", task.path("phase").asText()), "next", Map.of("maxTasks", 1)));
                        if (completed.status() != 200) {
                            throw new IllegalStateException("completion refused: " + completed);
                        }
                        done.incrementAndGet();
                        task = completed.body().path("next").path("tasks").path(0);
                    }
                } finally {
                    finished.countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        if (!finished.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("workers did not finish");
        }
        return done.get();
    }

    /**
     * @param slowest  the ten slowest phases' overheads, with the wall-clock time when each began, to set beside a GC log
     *                 ({@code -Xlog:gc:file=gc.log:time}) and PostgreSQL's log ({@code -Dbench.postgresLog=DIR}), and
     *                 with the next task in the completion's answer, the completion's time and CPU in the server
     * @param inServer with the next task in the completion's answer, each completion's time and CPU in the server
     */
    private record Overheads(List<Long> overheads, List<Long> completions, List<Long> claims, List<String> slowest,
                             List<Double> p99ByThird, String inServer) {
    }

    /**
     * One worker runs flows one at a time, either asking for its next task with each completion (one request per phase)
     * or claiming it after the completion (two requests per phase).
     */
    private static void overhead(int port, int flows, boolean nextWithCompletion, ServerTimes server) {
        Overheads measured = measureOverhead(port, flows, nextWithCompletion, server);
        List<Long> overheads = measured.overheads();
        report("orchestration overhead per phase, next task %s (complete sent -> next task leased, 1 worker, HTTP), %d phases: "
                        + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", nextWithCompletion ? "in the completion's answer" : "claimed after the completion",
                overheads.size(), Percentiles.millis(overheads, 0.50), Percentiles.millis(overheads, 0.99), overheads.get(overheads.size() - 1) / 1e6);
        report("  slowest: %s%n", String.join(", ", measured.slowest()));
        if (nextWithCompletion) {
            report("  of which in the server (Tomcat in -> answer out): %s%n", measured.inServer());
        }
        report("  p99 of each third of the run, in order: %s ms%n",
                measured.p99ByThird().stream().map(p99 -> String.format("%.2f", p99)).collect(java.util.stream.Collectors.joining(" / ")));
        if (!nextWithCompletion) {
            report("  of which the complete request: p50 %.2f ms, p99 %.2f ms; the claim request: p50 %.2f ms, p99 %.2f ms%n",
                    Percentiles.millis(measured.completions(), 0.50), Percentiles.millis(measured.completions(), 0.99),
                    Percentiles.millis(measured.claims(), 0.50), Percentiles.millis(measured.claims(), 0.99));
        }
    }

    /**
     * @param overhead       nanoseconds from sending the completion to holding the next task
     * @param beganAt        epoch milliseconds when the completion was sent
     * @param completionPath the completion's path, when the next task came in its answer (the server timed it alone)
     */
    private record Phase(long overhead, long beganAt, String completionPath) {
    }

    private static Overheads measureOverhead(int port, int flows, boolean nextWithCompletion, ServerTimes server) {
        UUID account = UUID.randomUUID();
        Api operator = operator(port, account);
        Api worker = worker(port, account, 0);
        List<Phase> phases = new ArrayList<>();
        List<Long> completions = new ArrayList<>();
        List<Long> claims = new ArrayList<>();
        Map<String, Object> completion = nextWithCompletion ? Map.of("output", Map.of("done", true), "next", Map.of("maxTasks", 1))
                : Map.of("output", Map.of("done", true));
        for (int i = 0; i < flows; i++) {
            String flow = startFlow(operator, "planning");
            JsonNode task = worker.post("/api/v1/tasks/claim", Map.of("waitSeconds", 5)).body().path("tasks").path(0);
            for (int phase = 1; phase <= 3; phase++) {
                if (!task.path("flowId").asText().equals(flow)) {
                    throw new IllegalStateException("unexpected task " + task);
                }
                long completing = System.nanoTime();
                long began = System.currentTimeMillis();
                String completionPath = "/api/v1/tasks/" + task.path("taskId").asText() + "/complete";
                Api.Response completed = worker.post(completionPath, completion);
                long answered = System.nanoTime();
                completions.add(answered - completing);
                if (phase == 3) {
                    continue;
                }
                if (nextWithCompletion) {
                    task = completed.body().path("next").path("tasks").path(0);
                    phases.add(new Phase(answered - completing, began, completionPath));
                } else {
                    task = worker.post("/api/v1/tasks/claim", Map.of("waitSeconds", 5)).body().path("tasks").path(0);
                    long claimed = System.nanoTime();
                    claims.add(claimed - answered);
                    phases.add(new Phase(claimed - completing, began, null));
                }
            }
        }
        List<Long> overheads = phases.stream().map(Phase::overhead).sorted().toList();
        List<Double> p99ByThird = new ArrayList<>();
        for (int third = 0; third < 3; third++) {
            List<Long> part = phases.subList(third * phases.size() / 3, (third + 1) * phases.size() / 3).stream()
                    .map(Phase::overhead).sorted().toList();
            p99ByThird.add(Percentiles.millis(part, 0.99));
        }
        Collections.sort(completions);
        Collections.sort(claims);
        List<String> slowest = phases.stream().sorted(Comparator.comparingLong(Phase::overhead).reversed()).limit(10)
                .map(phase -> String.format("%.1f ms at %s%s", phase.overhead() / 1e6,
                        LocalTime.ofInstant(Instant.ofEpochMilli(phase.beganAt()), ZoneOffset.UTC), inServer(server, phase)))
                .toList();
        List<ServerTimes.Time> inServer = phases.stream().filter(phase -> phase.completionPath() != null)
                .map(phase -> server.time(phase.completionPath())).filter(Objects::nonNull).toList();
        List<Long> walls = sorted(inServer, ServerTimes.Time::wall);
        List<Long> cpus = sorted(inServer, ServerTimes.Time::cpu);
        String inServerSummary = String.format("p50 %.2f ms, p99 %.2f ms; CPU of its threads p50 %.2f ms, p99 %.2f ms",
                Percentiles.millis(walls, 0.50), Percentiles.millis(walls, 0.99), Percentiles.millis(cpus, 0.50), Percentiles.millis(cpus, 0.99));
        return new Overheads(overheads, completions, claims, slowest, p99ByThird, inServerSummary);
    }

    private static String inServer(ServerTimes server, Phase phase) {
        ServerTimes.Time time = phase.completionPath() == null ? null : server.time(phase.completionPath());
        return time == null ? "" : String.format(" (server %.1f ms, CPU %.1f ms)", time.wall() / 1e6, time.cpu() / 1e6);
    }

    private static List<Long> sorted(List<ServerTimes.Time> times, ToLongFunction<ServerTimes.Time> measure) {
        return times.stream().map(measure::applyAsLong).sorted().toList();
    }


    private static void assetImport(int port, JdbcTemplate jdbc, int rows) throws Exception {
        StringBuilder csv = new StringBuilder(rows * 60).append("asset_id,name,kind,os,cpu,ram_gb,datacenter\n");
        for (int row = 0; row < rows; row++) {
            csv.append("srv-").append(row).append(",server ").append(row).append(",server,linux,").append(2 + row % 16)
                    .append(',').append(4 + row % 64).append(",dc-").append(row % 3).append('\n');
        }
        Api operator = operator(port, UUID.randomUUID());
        String flow = operator.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "bench import")).field("flowId");
        long began = System.nanoTime();
        Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute",
                Map.of("input", Map.of("source", "bench.csv", "inventory", csv.toString())));
        if (started.status() != 202) {
            throw new IllegalStateException("cannot start the import: " + started);
        }
        long accepted = System.nanoTime();
        while (jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like '%PhaseCompleted'",
                Long.class, flow) == 0) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Long batches = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like '%AssetsDiscovered'",
                Long.class, flow);
        report("asset import, %d-row CSV (%.1f MB): %.2f s from execute to PhaseCompleted (execute request %.2f s) = %.0f assets/s, "
                        + "%d AssetsDiscovered events%n", rows, csv.length() / 1e6, seconds, (accepted - began) / 1e9, rows / seconds, batches);
    }
}
