package io.masterflow.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the machine's CPU went during a measured period (Linux /proc; unknown elsewhere), as shares of all
 * cores: busy and I/O wait overall, and the parts taken by this client, by the server process (when its pid
 * is known) and by the PostgreSQL processes (the postmaster and its children, when its pid is known). What is
 * left is "other": anything else running on the machine, which makes the run's figures less trustworthy.
 */
final class CpuUsage {

    private static final Path PROC = Path.of("/proc");
    /** USER_HZ, the unit of /proc times: 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The processes whose CPU time is watched; -1 where unknown. */
    record Watched(long serverPid, long postmasterPid) {

        static final Watched NONE = new Watched(-1, -1);
    }

    record Sample(long nanoTime, long processCpuNanos, long[] machineTicks, long serverTicks, long postgresTicks) {
    }

    /** Shares of the whole machine (every core), in percent; NaN where unknown. */
    record Usage(int cores, double busyPercent, double iowaitPercent, double clientPercent, double serverPercent,
                 double postgresPercent, double otherPercent) {
    }

    private CpuUsage() {
    }

    static Sample sample(Watched watched) {
        return new Sample(System.nanoTime(), processCpuNanos(), machineTicks(),
                watched.serverPid() > 0 ? processTicks(watched.serverPid()) : -1,
                watched.postmasterPid() > 0 ? treeTicks(watched.postmasterPid()) : -1);
    }

    static Usage between(Sample from, Sample to) {
        int cores = Runtime.getRuntime().availableProcessors();
        double wallNanos = to.nanoTime() - from.nanoTime();
        double client = from.processCpuNanos() < 0 || to.processCpuNanos() < 0 || wallNanos <= 0 ? Double.NaN
                : 100.0 * (to.processCpuNanos() - from.processCpuNanos()) / (wallNanos * cores);
        double busy = Double.NaN;
        double iowait = Double.NaN;
        double server = Double.NaN;
        double postgres = Double.NaN;
        double other = Double.NaN;
        if (from.machineTicks() != null && to.machineTicks() != null) {
            long[] a = from.machineTicks();
            long[] b = to.machineTicks();
            long total = 0;
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                total += b[i] - a[i];
            }
            // user nice system idle iowait irq softirq steal
            long idle = b[3] - a[3];
            long wait = b.length > 4 ? b[4] - a[4] : 0;
            if (total > 0) {
                busy = 100.0 * (total - idle - wait) / total;
                iowait = 100.0 * wait / total;
                if (from.serverTicks() >= 0 && to.serverTicks() >= 0) {
                    server = 100.0 * (to.serverTicks() - from.serverTicks()) / total;
                }
                if (from.postgresTicks() >= 0 && to.postgresTicks() >= 0) {
                    postgres = 100.0 * Math.max(0, to.postgresTicks() - from.postgresTicks()) / total;
                }
                if (!Double.isNaN(server) && !Double.isNaN(postgres) && !Double.isNaN(client)) {
                    other = Math.max(0, busy - client - server - postgres);
                }
            }
        } else if (wallNanos > 0) {
            double machineTicks = wallNanos / 1e9 * TICKS_PER_SECOND * cores;
            if (from.serverTicks() >= 0 && to.serverTicks() >= 0) {
                server = 100.0 * (to.serverTicks() - from.serverTicks()) / machineTicks;
            }
        }
        return new Usage(cores, busy, iowait, client, server, postgres, other);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long[] machineTicks() {
        try {
            Path stat = PROC.resolve("stat");
            if (!Files.isReadable(stat)) {
                return null;
            }
            String first = Files.readAllLines(stat).get(0);
            if (!first.startsWith("cpu ")) {
                return null;
            }
            String[] fields = first.trim().split("\\s+");
            // guest and guest_nice are already counted in user and nice
            int n = Math.min(fields.length - 1, 8);
            long[] ticks = new long[n];
            for (int i = 0; i < n; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of one process (all its threads); -1 when it cannot be read. */
    static long processTicks(long pid) {
        String[] fields = statFields(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return fields == null ? -1 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU of a process and its direct children (the postmaster and its backends and workers). */
    private static long treeTicks(long parentPid) {
        long own = processTicks(parentPid);
        if (own < 0) {
            return -1;
        }
        long total = own;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                String[] fields = statFields(entry.resolve("stat"));
                if (fields != null && Long.parseLong(fields[1]) == parentPid) {
                    total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /**
     * The fields of /proc/PID/stat after "pid (comm)": index 0 is the state, 1 the parent pid, 11 utime and
     * 12 stime. The command name may hold spaces and parentheses, hence the split after the last ')'.
     */
    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            int close = text.lastIndexOf(')');
            if (close < 0) {
                return null;
            }
            String[] fields = text.substring(close + 2).trim().split("\\s+");
            return fields.length > 12 ? fields : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
