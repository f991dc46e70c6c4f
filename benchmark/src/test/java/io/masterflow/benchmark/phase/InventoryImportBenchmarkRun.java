package io.masterflow.benchmark.phase;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's entry point for {@code bench/inventory-import.sh}. Its name matches none of the test suite's
 * patterns, so {@code mvn verify} never runs it; the script names it explicitly.
 */
class InventoryImportBenchmarkRun {

    @Test
    void measure() throws Exception {
        String report = InventoryImportBenchmark.run();
        Files.writeString(Path.of("target", "inventory-import-benchmark.txt"), report);
    }
}
