package io.masterflow.benchmark.migration;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link RollbackBenchmark} through Maven's test runner, which has the test classpath (embedded PostgreSQL, the
 * real query side): {@code bench/rollback.sh} asks for it by name with {@code bench.args}. Its name matches no test
 * pattern, so an ordinary build never runs it.
 */
class RollbackBenchmarkRunner {

    @Test
    void benchmark() throws Exception {
        String args = System.getProperty("bench.args", "").strip();
        RollbackBenchmark.main(args.isEmpty() ? new String[0] : args.split("\\s+"));
    }
}
