package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * N client threads, each a closed loop: create a planning flow, then execute and complete each of its three
 * phases (7 commands), then the next flow, until the time is up. A request counts in the figures when it starts
 * inside the measured period (after the warmup); it is timed from the first byte written to the last byte of
 * the answer read. A request that fails ends its flow; the client starts a new one.
 */
final class CommandLoad {

    static final String FLOW_TYPE = "planning";
    static final int PHASES = 3;
    static final int COMMANDS_PER_FLOW = 1 + 2 * PHASES;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EXECUTE_BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final long BACKOFF_AFTER_IO_ERROR_NANOS = 50_000_000L;

    record Result(Map<Operation, LatencySummary> operations, LatencySummary all, Map<Operation, Long> errors,
                  long commands, long flows, long warmupErrors, double seconds, List<String> errorSamples,
                  Database.Counters counters, CpuUsage.Usage cpu) {

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        double commandsPerSecond() {
            return commands / seconds;
        }

        double flowsPerSecond() {
            return flows / seconds;
        }
    }

    private final Options options;
    private final Target target;
    private final Database database;
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSamplesTaken = new AtomicInteger();
    private final LongAdder progress = new LongAdder();
    private final Supplier<HttpTransport> transports;

    CommandLoad(Options options, Target target, Database database) {
        this.options = options;
        this.target = target;
        this.database = database;
        URI uri = URI.create(options.url());
        String basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
        String flowsPath = basePath + "/api/v1/flows";
        HttpClient shared = JdkHttpTransport.sharedClient();
        String base = uri.getScheme() + "://" + uri.getRawAuthority() + flowsPath;
        transports = () -> new JdkHttpTransport(shared, base, target.token(), target.engagementId());
    }

    /** One flow end to end before any load: a wrong secret, URL or flow type fails here, with its reason. */
    void preflight() throws IOException, InterruptedException {
        try (HttpTransport http = transports.get()) {
            HttpTransport.Response created = http.post("", createBody("benchmark-preflight"));
            check(Operation.CREATE, created);
            String flowId = JSON.readTree(created.body()).path("flowId").asText();
            for (int i = 0; i < PHASES; i++) {
                HttpTransport.Response started = http.post("/" + flowId + "/execute", EXECUTE_BODY);
                check(Operation.EXECUTE, started);
                JsonNode step = JSON.readTree(started.body());
                HttpTransport.Response completed = http.post("/" + flowId + "/phases/" + step.path("phase").asText()
                        + "/complete", completeBody(step.path("attempt").asInt()));
                check(Operation.COMPLETE, completed);
            }
        }
    }

    private static void check(Operation operation, HttpTransport.Response response) throws IOException {
        if (!response.successful()) {
            throw new IOException(operation.label + " answered HTTP " + response.status() + ": "
                    + excerpt(response.body()));
        }
    }

    Result run() throws InterruptedException, SQLException {
        int clients = options.clients();
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + options.warmup().toNanos();
        long measureUntil = measureFrom + options.duration().toNanos();
        List<Client> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(i, start, measureFrom, measureUntil);
            workers.add(client);
            Thread thread = new Thread(client, "client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        Database.Counters before = null;
        Database.Counters after = null;
        try (Connection monitor = database == null ? null : database.connect()) {
            Thread reporter = progressReporter(start, measureFrom, measureUntil);
            PostgresCeiling.waitUntil(measureFrom);
            CpuUsage.Sample cpuFrom = CpuUsage.sample(target.watched());
            if (monitor != null) {
                before = Database.counters(monitor);
            }
            PostgresCeiling.waitUntil(measureUntil);
            CpuUsage.Sample cpuTo = CpuUsage.sample(target.watched());
            if (monitor != null) {
                after = Database.counters(monitor);
            }
            reporter.interrupt();
            for (Thread thread : threads) {
                thread.join();
            }
            return result(workers, before == null ? null : after.minus(before), CpuUsage.between(cpuFrom, cpuTo));
        }
    }

    private Result result(List<Client> clients, Database.Counters counters, CpuUsage.Usage cpu) {
        Map<Operation, LatencySummary> operations = new EnumMap<>(Operation.class);
        Map<Operation, Long> errors = new EnumMap<>(Operation.class);
        List<LatencyRecorder> everything = new ArrayList<>();
        long commands = 0;
        for (Operation operation : Operation.values()) {
            List<LatencyRecorder> recorders = new ArrayList<>();
            long errorCount = 0;
            for (Client client : clients) {
                recorders.add(client.latencies.get(operation));
                errorCount += client.errors.get(operation)[0];
            }
            LatencyRecorder merged = LatencyRecorder.merge(recorders);
            everything.add(merged);
            commands += merged.count();
            operations.put(operation, merged.summarize());
            errors.put(operation, errorCount);
        }
        long flows = clients.stream().mapToLong(c -> c.flows).sum();
        long warmupErrors = clients.stream().mapToLong(c -> c.warmupErrors).sum();
        return new Result(operations, LatencyRecorder.merge(everything).summarize(), errors, commands, flows,
                warmupErrors, options.duration().toNanos() / 1e9, List.copyOf(errorSamples), counters, cpu);
    }

    /** A line on stderr every 5 s, so a long run shows it is alive (stdout stays for the report). */
    private Thread progressReporter(long start, long measureFrom, long measureUntil) {
        Thread thread = new Thread(() -> {
            long last = 0;
            long lastAt = start;
            try {
                PostgresCeiling.waitUntil(start);
                for (long tick = start + 5_000_000_000L; tick < measureUntil; tick += 5_000_000_000L) {
                    PostgresCeiling.waitUntil(tick);
                    long total = progress.sum();
                    double rate = (total - last) / ((tick - lastAt) / 1e9);
                    System.err.printf("  [%5.1fs] %-9s %8.0f commands/s%n", (tick - start) / 1e9,
                            tick <= measureFrom ? "warmup" : "measuring", rate);
                    last = total;
                    lastAt = tick;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static byte[] createBody(String name) {
        return ("{\"flowType\":\"" + FLOW_TYPE + "\",\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] completeBody(int attempt) {
        return ("{\"attempt\":" + attempt + ",\"output\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** One client thread's loop and its own figures (read by the main thread only after join). */
    private final class Client implements Runnable {

        final Map<Operation, LatencyRecorder> latencies = new EnumMap<>(Operation.class);
        final Map<Operation, long[]> errors = new EnumMap<>(Operation.class);
        long flows;
        long warmupErrors;

        private final int id;
        private final long start;
        private final long measureFrom;
        private final long measureUntil;
        private long flowCounter;
        private boolean stopped;

        Client(int id, long start, long measureFrom, long measureUntil) {
            this.id = id;
            this.start = start;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            for (Operation operation : Operation.values()) {
                latencies.put(operation, new LatencyRecorder(16 * 1024));
                errors.put(operation, new long[1]);
            }
        }

        @Override
        public void run() {
            try (HttpTransport http = transports.get()) {
                PostgresCeiling.waitUntil(start);
                while (!stopped) {
                    runOneFlow(http);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void runOneFlow(HttpTransport http) throws InterruptedException {
            JsonNode created = send(http, Operation.CREATE, "", createBody("bench-" + id + "-" + (++flowCounter)));
            if (created == null) {
                return;
            }
            String flowPath = "/" + created.path("flowId").asText();
            long lastStarted = 0;
            for (int i = 0; i < PHASES; i++) {
                JsonNode step = send(http, Operation.EXECUTE, flowPath + "/execute", EXECUTE_BODY);
                if (step == null) {
                    return;
                }
                String path = flowPath + "/phases/" + step.path("phase").asText() + "/complete";
                lastStarted = System.nanoTime();
                if (send(http, Operation.COMPLETE, path, completeBody(step.path("attempt").asInt())) == null) {
                    return;
                }
            }
            if (lastStarted >= measureFrom && lastStarted < measureUntil) {
                flows++;
            }
        }

        /** The answer's JSON, or null when the request failed (counted) or the time is up (not sent). */
        private JsonNode send(HttpTransport http, Operation operation, String path, byte[] body)
                throws InterruptedException {
            long begin = System.nanoTime();
            if (begin >= measureUntil) {
                stopped = true;
                return null;
            }
            boolean measured = begin >= measureFrom;
            String failure;
            try {
                HttpTransport.Response response = http.post(path, body);
                long end = System.nanoTime();
                progress.increment();
                if (response.successful()) {
                    JsonNode json = JSON.readTree(response.body());
                    if (measured) {
                        latencies.get(operation).record(end - begin);
                    }
                    return json;
                }
                failure = "HTTP " + response.status() + " " + excerpt(response.body());
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                // the server is down or restarting: do not spin
                PostgresCeiling.waitUntil(System.nanoTime() + BACKOFF_AFTER_IO_ERROR_NANOS);
            }
            if (measured) {
                errors.get(operation)[0]++;
            } else {
                warmupErrors++;
            }
            if (errorSamplesTaken.getAndIncrement() < options.errorSamples()) {
                errorSamples.add(String.format("%s %s%s (%s): %s", operation.label, "POST /api/v1/flows", path,
                        measured ? "measured" : "warmup", failure));
            }
            return null;
        }
    }

    /** The database under the server, when known; its counters say what a command cost it. */
    static Database databaseOf(Target target) {
        return target.jdbcUrl() == null ? null : new Database(target.jdbcUrl(), target.dbUser(), target.dbPassword());
    }
}
