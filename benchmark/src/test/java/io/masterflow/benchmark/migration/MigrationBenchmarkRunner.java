package io.masterflow.benchmark.migration;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link MigrationBenchmark} through Maven's test runner, which already has the test classpath (the embedded
 * PostgreSQL, the command side's schema): {@code bench/migration.sh} asks for it by name with {@code bench.args}.
 * Its name matches no test pattern, so an ordinary build never runs it.
 */
class MigrationBenchmarkRunner {

    @Test
    void benchmark() throws Exception {
        String args = System.getProperty("bench.args", "").strip();
        MigrationBenchmark.main(args.isEmpty() ? new String[0] : args.split("\\s+"));
    }
}
