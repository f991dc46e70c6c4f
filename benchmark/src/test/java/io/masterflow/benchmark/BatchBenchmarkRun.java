package io.masterflow.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link BatchBenchmark} against the quickstart jar (bench/batch.sh builds it). Not part of the test suite: its
 * name matches none of Surefire's patterns, so only {@code -Dtest=BatchBenchmarkRun} runs it. Options:
 * {@code -Dbench.flows=100000 -Dbench.creators=8 -Dbench.interactive=4 -Dbench.seconds=60 -Dbench.jar=...}.
 */
class BatchBenchmarkRun {

    @Test
    void run() throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "../standalone/target/masterflow.jar")).toAbsolutePath();
        Path target = Path.of("target");
        Files.createDirectories(target);
        try (QuickstartProcess quickstart = QuickstartProcess.start(jar, target.resolve("batch-benchmark-server.log"))) {
            String report = new BatchBenchmark(quickstart.baseUrl(), quickstart.token()).run(
                    Integer.getInteger("bench.flows", 100_000), Integer.getInteger("bench.creators", 8),
                    Integer.getInteger("bench.interactive", 4), Integer.getInteger("bench.seconds", 60));
            Files.writeString(target.resolve("batch-benchmark.txt"), report);
        }
    }
}
