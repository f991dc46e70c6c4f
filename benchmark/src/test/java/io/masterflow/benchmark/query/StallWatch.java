package io.masterflow.benchmark.query;

import io.masterflow.benchmark.Percentiles;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the process and the machine did while a live-lag sample stalled, recorded in the same run: the JVM's
 * safepoints (its unified log, switched on for the live part through the diagnostic command bean), and every 10 ms
 * the machine's steal time and run queue ({@code /proc/stat}) with how late this sampler's own sleep ended (a thread
 * that does nothing else: when it is late, every thread was). Beside them, each request's time inside Tomcat (a valve
 * first in the engine's pipeline: the request handed to a thread until the servlet and filters are done), to split
 * the answer into the server's part and the harness's HTTP client's.
 */
final class StallWatch implements AutoCloseable {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Pattern SAFEPOINT = Pattern.compile(
            "\\[(\\d+)ms].*Safepoint \"([^\"]+)\".*Reaching safepoint: (\\d+) ns.*Total: (\\d+) ns");

    /** One look of the sampler: when, how late its sleep ended, steal ticks since the last look, runnable threads. */
    record Tick(long at, long lateNanos, long stealTicks, int running, int blocked) {
    }

    /** One safepoint, in this JVM's {@code System.nanoTime()}: began, all threads stopped after {@code reaching}. */
    record Safepoint(String operation, long began, long reachingNanos, long totalNanos) {
        long ended() {
            return began + totalNanos;
        }
    }

    /** A watched thread seen by the stack sampler: its state and the frame that says what it was doing. */
    record ThreadSeen(long at, String thread, String state) {
    }

    /** One request inside Tomcat, in {@code System.nanoTime()}. */
    record ServerTime(long in, long out) {
    }

    private final Path safepointLog;
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
    private final List<Tick> ticks = new ArrayList<>();
    private final Thread sampler;
    private final Thread stacks;
    private final List<ThreadSeen> seen = new ArrayList<>();
    private final Map<String, ServerTime> server = new ConcurrentHashMap<>();
    private final ValveBase valve;
    private final ServletWebServerApplicationContext app;
    private volatile boolean running = true;
    private final long[] machineAtStart = procStat();
    private final long startedAt = System.nanoTime();
    private final Map<Long, Long> threadCpuAtStart = threadCpu();
    private final long processCpuAtStart = processCpu();

    private StallWatch(ConfigurableApplicationContext app, Path safepointLog) {
        this.safepointLog = safepointLog;
        this.app = (ServletWebServerApplicationContext) app;
        diagnosticCommand("vmLog", "output=" + safepointLog.toAbsolutePath(), "what=safepoint=info", "decorators=timemillis");
        this.valve = new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                long in = System.nanoTime();
                try {
                    getNext().invoke(request, response);
                } finally {
                    server.put(request.getRequestURI() + '?' + request.getQueryString(), new ServerTime(in, System.nanoTime()));
                }
            }
        };
        ((TomcatWebServer) this.app.getWebServer()).getTomcat().getEngine().getPipeline().addValve(valve);
        this.sampler = new Thread(this::sample, "stall-watch");
        sampler.setDaemon(true);
        sampler.start();
        this.stacks = new Thread(this::sampleStacks, "stall-watch-stacks");
        stacks.setDaemon(true);
        if (Boolean.getBoolean("bench.stacks")) {
            stacks.start();
        }
    }

    static StallWatch start(ConfigurableApplicationContext app) {
        return new StallWatch(app, Path.of("target", "query-side-benchmark-safepoints.log"));
    }

    /** The request's time inside Tomcat, by its path and query; null if not seen. */
    ServerTime server(String pathAndQuery) {
        return server.get(pathAndQuery);
    }

    private void sample() {
        long[] steal = procStat();
        long next = System.nanoTime() + PERIOD_NANOS;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long now = System.nanoTime();
            long[] stat = procStat();
            synchronized (ticks) {
                ticks.add(new Tick(now, now - next, stat[0] - steal[0], (int) stat[1], (int) stat[2]));
            }
            steal = stat;
            next = Math.max(next + PERIOD_NANOS, now);
        }
    }

    /**
     * Every 20 ms, what the threads between an append and the flow-status batch do: the event store's producer, the
     * source's watcher, flow-status's coordinator and workers. Only with {@code -Dbench.stacks=true}: every dump is a
     * safepoint, which on saturated cores takes long enough to stretch what it watches.
     */
    private void sampleStacks() {
        var threads = ManagementFactory.getThreadMXBean();
        long[] ids = new long[0];
        for (long round = 0; running; round++) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            if (round % 50 == 0) {
                // the threads, not their stacks: a listing of every thread's stack would be one more dump of all
                ids = Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().contains("flow-status") || thread.getName().startsWith("EmbeddedEventStore")
                                || thread.getName().equals("query-event-source"))
                        .mapToLong(Thread::getId).toArray();
            }
            long at = System.nanoTime();
            for (var info : threads.getThreadInfo(ids, 24)) {
                if (info != null) {
                    synchronized (seen) {
                        seen.add(new ThreadSeen(at, info.getThreadName(), info.getThreadState() + " " + doing(info.getStackTrace())));
                    }
                }
            }
        }
    }

    /** The first frame of our code, Axon's or the driver's, and the frame above it: what the thread was doing. */
    private static String doing(StackTraceElement[] stack) {
        for (int frame = 0; frame < stack.length; frame++) {
            String type = stack[frame].getClassName();
            if (type.startsWith("io.masterflow") || type.startsWith("org.axonframework") || type.startsWith("org.postgresql")
                    || type.startsWith("com.zaxxer")) {
                String above = frame > 0 ? " <- " + stack[frame - 1].getClassName().replaceAll(".*\\.", "") + "." + stack[frame - 1].getMethodName() : "";
                return type.replaceAll(".*\\.", "") + "." + stack[frame].getMethodName() + above;
            }
        }
        return stack.length == 0 ? "" : stack[0].getClassName().replaceAll(".*\\.", "") + "." + stack[0].getMethodName();
    }

    /** What each watched thread was seen doing in [from, to], most often first. */
    String threadsDuring(long from, long to) {
        Map<String, Map<String, Integer>> byThread = new java.util.TreeMap<>();
        synchronized (seen) {
            for (ThreadSeen one : seen) {
                if (one.at() >= from && one.at() <= to) {
                    byThread.computeIfAbsent(one.thread(), name -> new java.util.HashMap<>()).merge(one.state(), 1, Integer::sum);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        byThread.forEach((thread, states) -> {
            text.append("\n             ").append(thread).append(':');
            states.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                    .forEach(state -> text.append(' ').append(state.getValue()).append("x ").append(state.getKey()).append(';'));
        });
        return text.toString();
    }

    /** Steal ticks of all cores together, processes running, processes blocked on I/O, busy ticks of all cores. */
    private static long[] procStat() {
        long steal = 0;
        long running = 0;
        long blocked = 0;
        long busy = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] ticks = line.trim().split("\\s+");
                    steal = Long.parseLong(ticks[8]);
                    // user, nice, system, irq, softirq, steal: all but idle and iowait
                    for (int field : new int[]{1, 2, 3, 6, 7, 8}) {
                        busy += Long.parseLong(ticks[field]);
                    }
                } else if (line.startsWith("procs_running ")) {
                    running = Long.parseLong(line.substring(14).trim());
                } else if (line.startsWith("procs_blocked ")) {
                    blocked = Long.parseLong(line.substring(14).trim());
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: the columns stay 0
        }
        return new long[]{steal, running, blocked, busy};
    }

    private List<Safepoint> safepoints() {
        List<Safepoint> safepoints = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(safepointLog)) {
                Matcher match = SAFEPOINT.matcher(line);
                if (match.find()) {
                    long total = Long.parseLong(match.group(4));
                    long endedEpochNanos = Long.parseLong(match.group(1)) * 1_000_000;
                    safepoints.add(new Safepoint(match.group(2), endedEpochNanos - epochOffsetNanos - total,
                            Long.parseLong(match.group(3)), total));
                }
            }
        } catch (IOException unreadable) {
            // reported as no safepoints
        }
        return safepoints;
    }

    /** CPU time of every live thread of this JVM, by id; a thread dump is not needed for it (no safepoint). */
    private static Map<Long, Long> threadCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Where this JVM's CPU went during the live part, by thread name with its numbers taken out; what no Java thread
     * accounts for is the JVM's own threads (collector, compiler, VM thread).
     */
    private String cpuByThread() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new java.util.HashMap<>();
        long threadsTotal = 0;
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long now = threads.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            long used = now - threadCpuAtStart.getOrDefault(id, 0L);
            threadsTotal += used;
            byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "#"), used, Long::sum);
        }
        long process = processCpu() - processCpuAtStart;
        byGroup.put("(the JVM's own: collector, compiler, VM thread; threads ended meanwhile)", process - threadsTotal);
        StringBuilder text = new StringBuilder(String.format("this JVM %.1f s of CPU:", process / 1e9));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
                .forEach(group -> text.append(String.format(" %s %.1f s (%.0f%%);", group.getKey(), group.getValue() / 1e9,
                        100.0 * group.getValue() / Math.max(1, process))));
        return text.toString();
    }

    String clock(long nanoTime) {
        return CLOCK.format(Instant.ofEpochMilli((nanoTime + epochOffsetNanos) / 1_000_000));
    }

    /**
     * For the window [from, to] of a stall: the safepoints overlapping it, how late the sampler woke at worst, the
     * steal ticks and the most runnable threads seen.
     */
    String during(long from, long to, List<Safepoint> safepoints) {
        long late = 0;
        long steal = 0;
        int running = 0;
        int blocked = 0;
        synchronized (ticks) {
            for (Tick tick : ticks) {
                // a tick at t covers the period before it
                if (tick.at() >= from && tick.at() - PERIOD_NANOS - tick.lateNanos() <= to) {
                    late = Math.max(late, tick.lateNanos());
                    steal += tick.stealTicks();
                    running = Math.max(running, tick.running());
                    blocked = Math.max(blocked, tick.blocked());
                }
            }
        }
        long stopped = 0;
        long reaching = 0;
        StringBuilder names = new StringBuilder();
        for (Safepoint safepoint : safepoints) {
            if (safepoint.began() <= to && safepoint.ended() >= from) {
                stopped += safepoint.totalNanos();
                reaching = Math.max(reaching, safepoint.reachingNanos());
                if (safepoint.totalNanos() > 5_000_000) {
                    names.append(' ').append(safepoint.operation()).append(String.format("@%s:%.0f", clock(safepoint.began()), safepoint.totalNanos() / 1e6));
                }
            }
        }
        return String.format("safepoints %.1f ms (longest reach %.1f)%s; sampler late %.0f ms; steal %d ticks; run queue <= %d, blocked <= %d",
                stopped / 1e6, reaching / 1e6, names, late / 1e6, steal, running, blocked);
    }

    /** The run as a whole: safepoints, how often and how late the sampler woke, steal, run queue. */
    void report(BiConsumer<String, Object[]> report) {
        List<Safepoint> safepoints = safepoints();
        long stopped = safepoints.stream().mapToLong(Safepoint::totalNanos).sum();
        long longest = safepoints.stream().mapToLong(Safepoint::totalNanos).max().orElse(0);
        long longestReach = safepoints.stream().mapToLong(Safepoint::reachingNanos).max().orElse(0);
        List<Long> late;
        long steal;
        List<Long> running;
        synchronized (ticks) {
            late = new ArrayList<>(ticks.stream().map(Tick::lateNanos).toList());
            steal = ticks.stream().mapToLong(Tick::stealTicks).sum();
            running = new ArrayList<>(ticks.stream().map(tick -> (long) tick.running()).toList());
        }
        late.sort(null);
        running.sort(null);
        Map<String, long[]> byOperation = new java.util.TreeMap<>();
        for (Safepoint safepoint : safepoints) {
            long[] sums = byOperation.computeIfAbsent(safepoint.operation(), name -> new long[3]);
            sums[0]++;
            sums[1] += safepoint.totalNanos();
            sums[2] = Math.max(sums[2], safepoint.totalNanos());
        }
        StringBuilder operations = new StringBuilder();
        byOperation.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(6)
                .forEach(operation -> operations.append(String.format(" %s %dx %.0f ms (longest %.0f);", operation.getKey(),
                        operation.getValue()[0], operation.getValue()[1] / 1e6, operation.getValue()[2] / 1e6)));
        long lateOver50 = late.stream().filter(nanos -> nanos > 50_000_000).count();
        report.accept("  machine during the live part: %d safepoints, %.0f ms stopped in all, longest %.1f ms, longest reach %.1f ms; "
                        + "10 ms sampler late p50 %.1f / p99 %.1f / max %.0f ms (%d times over 50 ms); steal %d ticks (%.1f%% of %d cores); "
                        + "run queue p50 %d, p99 %d, max %d; the whole machine %.2f cores busy (beside this JVM and PostgreSQL above: others)%n",
                new Object[]{safepoints.size(), stopped / 1e6, longest / 1e6, longestReach / 1e6, nth(late, 0.5) / 1e6, nth(late, 0.99) / 1e6,
                        nth(late, 1.0) / 1e6, lateOver50, steal, 100.0 * steal / Math.max(1, ticks.size() * Runtime.getRuntime().availableProcessors()),
                        Runtime.getRuntime().availableProcessors(), nth(running, 0.5), nth(running, 0.99), nth(running, 1.0),
                        (procStat()[3] - machineAtStart[3]) / 100.0 / ((System.nanoTime() - startedAt) / 1e9)});
        report.accept("  safepoints by operation:%s%n", new Object[]{operations});
        report.accept("  %s%n", new Object[]{cpuByThread()});
    }

    List<Safepoint> safepointsSeen() {
        return safepoints();
    }

    private static long nth(List<Long> sorted, double fraction) {
        return sorted.isEmpty() ? 0 : (long) Percentiles.nearestRank(sorted, fraction);
    }

    private static void diagnosticCommand(String operation, String... arguments) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    operation, new Object[]{arguments}, new String[]{String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("could not switch on the safepoint log", e);
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        stacks.interrupt();
        diagnosticCommand("vmLog", "output=" + safepointLog.toAbsolutePath(), "what=safepoint=off");
        ((TomcatWebServer) app.getWebServer()).getTomcat().getEngine().getPipeline().removeValve(valve);
    }
}
