package io.masterflow.query.benchmark;

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

    /** One request inside Tomcat, in {@code System.nanoTime()}. */
    record ServerTime(long in, long out) {
    }

    private final Path safepointLog;
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
    private final List<Tick> ticks = new ArrayList<>();
    private final Thread sampler;
    private final Map<String, ServerTime> server = new ConcurrentHashMap<>();
    private final ValveBase valve;
    private final ServletWebServerApplicationContext app;
    private volatile boolean running = true;

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

    /** Steal ticks of all cores together, processes running, processes blocked on I/O. */
    private static long[] procStat() {
        long steal = 0;
        long running = 0;
        long blocked = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    steal = Long.parseLong(line.trim().split("\\s+")[8]);
                } else if (line.startsWith("procs_running ")) {
                    running = Long.parseLong(line.substring(14).trim());
                } else if (line.startsWith("procs_blocked ")) {
                    blocked = Long.parseLong(line.substring(14).trim());
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: the columns stay 0
        }
        return new long[]{steal, running, blocked};
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
        long lateOver50 = late.stream().filter(nanos -> nanos > 50_000_000).count();
        report.accept("  machine during the live part: %d safepoints, %.0f ms stopped in all, longest %.1f ms, longest reach %.1f ms; "
                        + "10 ms sampler late p50 %.1f / p99 %.1f / max %.0f ms (%d times over 50 ms); steal %d ticks (%.1f%% of %d cores); "
                        + "run queue p50 %d, p99 %d, max %d%n",
                new Object[]{safepoints.size(), stopped / 1e6, longest / 1e6, longestReach / 1e6, nth(late, 0.5) / 1e6, nth(late, 0.99) / 1e6,
                        nth(late, 1.0) / 1e6, lateOver50, steal, 100.0 * steal / Math.max(1, ticks.size() * Runtime.getRuntime().availableProcessors()),
                        Runtime.getRuntime().availableProcessors(), nth(running, 0.5), nth(running, 0.99), nth(running, 1.0)});
    }

    List<Safepoint> safepointsSeen() {
        return safepoints();
    }

    private static long nth(List<Long> sorted, double fraction) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(fraction * sorted.size()) - 1));
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
        diagnosticCommand("vmLog", "output=" + safepointLog.toAbsolutePath(), "what=safepoint=off");
        ((TomcatWebServer) app.getWebServer()).getTomcat().getEngine().getPipeline().removeValve(valve);
    }
}
