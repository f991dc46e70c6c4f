package io.masterflow.benchmark.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** PostgreSQL's processes as Linux's {@code /proc} shows them: the postmaster and its children, with their CPU. */
final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /** The postmaster of the backend with this pid. */
    static long postmasterOf(long backend) {
        return Long.parseLong(stat(backend)[1]);
    }

    /** The postmaster's own CPU ticks, with those of its children that ended (cutime and cstime). */
    static long ownAndEndedTicks(long postmaster) {
        String[] fields = stat(postmaster);
        long ticks = 0;
        for (int field = 11; field <= 14; field++) {
            ticks += Long.parseLong(fields[field]);
        }
        return ticks;
    }

    /** Each living child's CPU ticks (utime + stime) by pid; one that ends during the listing is left out. */
    static Map<Long, Long> childTicks(long postmaster) {
        Map<Long, Long> ticks = new HashMap<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(process.getFileName().toString());
                try {
                    String[] fields = stat(pid);
                    if (Long.parseLong(fields[1]) == postmaster) {
                        ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (RuntimeException gone) {
                    // ended between the listing and the read: its time is in the postmaster's children's now
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ticks;
    }

    /** The process's title ({@code cmdline}, "postgres: autovacuum worker ..."); empty once it has ended. */
    static String title(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** The fields of /proc/{pid}/stat after the command's name: [0] state, [1] parent, [11] utime, [12] stime ... */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
