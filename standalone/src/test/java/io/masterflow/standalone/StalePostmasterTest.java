package io.masterflow.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StalePostmasterTest {

    @TempDir
    Path dataDir;

    @Test
    void after_a_kill_9_the_leftover_server_is_stopped_and_a_fresh_one_starts_with_the_committed_data() throws Exception {
        DataDirectory directory = DataDirectory.of(dataDir.toString());
        Process crashing = ChildJvm.of(OrphanedServerMain.class, dataDir.toString()).redirectErrorStream(true).start();
        awaitReady(crashing);
        long orphanPid = Long.parseLong(Files.readAllLines(directory.postgres().resolve("postmaster.pid")).get(0).trim());

        crashing.destroyForcibly();
        assertThat(crashing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).as("the server outlives its JVM").contains(true);

        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory)) {
            assertThat(Sql.column(database, "SELECT note FROM before_the_crash")).containsExactly("committed");
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).as("the leftover server").isFalse();
            long pid = Long.parseLong(Files.readAllLines(directory.postgres().resolve("postmaster.pid")).get(0).trim());
            assertThat(pid).isNotEqualTo(orphanPid);
        }
    }

    @Test
    void a_pid_file_of_a_process_that_no_longer_runs_is_removed() throws Exception {
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        finished.getErrorStream().readAllBytes();
        finished.waitFor();
        Path pidFile = writePidFile(finished.pid());

        StalePostmaster.clear(dataDir);

        assertThat(pidFile).doesNotExist();
    }

    @Test
    void a_pid_file_naming_a_live_process_that_is_not_postgres_is_removed_and_the_process_left_alone() throws Exception {
        Path pidFile = writePidFile(ProcessHandle.current().pid());

        StalePostmaster.clear(dataDir);

        assertThat(pidFile).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void a_data_directory_without_a_pid_file_is_left_as_it_is() throws Exception {
        Files.writeString(dataDir.resolve("PG_VERSION"), "17\n");

        StalePostmaster.clear(dataDir);

        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve("PG_VERSION"));
        }
    }

    private Path writePidFile(long pid) throws Exception {
        // the layout PostgreSQL writes: pid, data directory, start time, port, socket directory, listen address, ...
        return Files.write(dataDir.resolve("postmaster.pid"),
                List.of(Long.toString(pid), dataDir.toString(), "1700000000", "5432", "/tmp", "localhost", "0", "ready"));
    }

    private static void awaitReady(Process process) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals(OrphanedServerMain.READY)) {
                // keep draining, or a chatty child would block on a full pipe before it is killed
                Thread drain = new Thread(() -> {
                    try {
                        output.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // the child is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child ended before its database was ready:\n" + seen);
    }
}
