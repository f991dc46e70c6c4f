package io.masterflow.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clears what an earlier run left on the PostgreSQL data directory when it did not end cleanly. After a
 * {@code kill -9} of the Java process its PostgreSQL server keeps running and keeps the directory; starting
 * another one beside it fails, yet {@code pg_ctl} may report success. Only call this while holding the
 * {@link DataDirectoryLock}: that is what proves the server found here belongs to no live masterflow.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    /** Time for the orphan to finish a shutdown checkpoint; after a crash it also may still be recovering. */
    private static final Duration ORDERLY_STOP = Duration.ofSeconds(60);
    private static final Duration FORCED_STOP = Duration.ofSeconds(15);

    private StalePostmaster() {
    }

    static void clear(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        Optional<Long> pid = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0));
        if (pid.isEmpty()) {
            log.warn("Removing {}: it names no process (a server that crashed while starting leaves it so)", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.warn("Removing stale {}: its PostgreSQL server (pid {}) no longer runs; the previous run did not shut down cleanly",
                    pidFile, pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        if (!isServerOf(process.get(), dataDirectory, lines)) {
            log.warn("Removing stale {}: pid {} now belongs to another process, which is left alone", pidFile, pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("PostgreSQL server pid {} from an earlier run that did not shut down cleanly still holds {}; stopping it",
                pid.get(), dataDirectory);
        stop(process.get());
        // an orderly stop removes the file itself; a forced one leaves it behind
        Files.deleteIfExists(pidFile);
        log.warn("Stopped the leftover PostgreSQL server pid {}; starting a fresh one on {}", pid.get(), dataDirectory);
    }

    private static Optional<Long> parsePid(String line) {
        try {
            long pid = Long.parseLong(line.trim());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A pid outlives its process: after a reboot the number may belong to anything, even to the PostgreSQL server
     * of another directory. So the process must be a postgres, and the one the pid file and its arguments name.
     */
    private static boolean isServerOf(ProcessHandle process, Path dataDirectory, List<String> pidFileLines) {
        Optional<String> command = process.info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException("Process " + process.pid() + " named in " + dataDirectory.resolve("postmaster.pid")
                    + " is running but cannot be inspected. If it is a PostgreSQL server on this directory, stop it; if not, "
                    + "delete that file. Then start again.");
        }
        String executable = Path.of(command.get()).getFileName().toString();
        if (!executable.startsWith("postgres")) {
            return false;
        }
        boolean pidFileNamesThisDirectory = pidFileLines.size() > 1 && sameDirectory(pidFileLines.get(1), dataDirectory);
        return pidFileNamesThisDirectory && argumentsAllow(process, dataDirectory);
    }

    private static boolean argumentsAllow(ProcessHandle process, Path dataDirectory) {
        String[] arguments = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if ("-D".equals(arguments[i])) {
                return sameDirectory(arguments[i + 1], dataDirectory);
            }
        }
        // platforms that hide the arguments leave only the pid file to go by
        return true;
    }

    private static boolean sameDirectory(String path, Path dataDirectory) {
        try {
            return Files.isSameFile(Path.of(path.trim()), dataDirectory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void stop(ProcessHandle postmaster) {
        // its children outlive a forced stop of the postmaster for a moment, holding the shared memory a new server needs
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy();
        if (!exited(postmaster, ORDERLY_STOP)) {
            log.warn("PostgreSQL server pid {} did not stop within {}s; killing it", postmaster.pid(), ORDERLY_STOP.toSeconds());
            postmaster.destroyForcibly();
        }
        boolean allGone = exited(postmaster, FORCED_STOP);
        for (ProcessHandle child : children) {
            allGone &= exited(child, FORCED_STOP);
        }
        if (!allGone) {
            throw new IllegalStateException("Could not stop the PostgreSQL server pid " + postmaster.pid()
                    + " left over from an earlier run; stop it by hand and start again");
        }
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
