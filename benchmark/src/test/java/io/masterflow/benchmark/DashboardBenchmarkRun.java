package io.masterflow.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link DashboardBenchmark} against the quickstart jar (bench/dashboard.sh builds it). Not part of the test
 * suite: its name matches none of Surefire's patterns, so only {@code -Dtest=DashboardBenchmarkRun} runs it. Options:
 * {@code -Dbench.flows=10000 -Dbench.pageLoads=5 -Dbench.rate=50 -Dbench.seconds=30 -Dbench.jar=...}.
 */
class DashboardBenchmarkRun {

    @Test
    void run() throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "../standalone/target/masterflow.jar")).toAbsolutePath();
        Path target = Path.of("target");
        Files.createDirectories(target);
        try (QuickstartProcess quickstart = QuickstartProcess.start(jar, target.resolve("dashboard-benchmark-server.log"))) {
            String report = new DashboardBenchmark(quickstart.baseUrl(), quickstart.token()).run(
                    Integer.getInteger("bench.flows", 10_000), Integer.getInteger("bench.pageLoads", 5),
                    Integer.getInteger("bench.rate", 50), Integer.getInteger("bench.seconds", 30));
            Files.writeString(target.resolve("dashboard-benchmark.txt"), report);
        }
    }
}
