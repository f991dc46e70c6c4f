package io.masterflow.benchmark.query;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's entry point for {@code bench/query-side.sh}. Its name matches none of the test suite's patterns,
 * so {@code mvn verify} never runs it; the script names it explicitly.
 */
class QuerySideBenchmarkRun {

    @Test
    void measure() throws Exception {
        String report = QuerySideBenchmark.run();
        Files.writeString(Path.of("target", "query-side-benchmark.txt"), report);
    }
}
