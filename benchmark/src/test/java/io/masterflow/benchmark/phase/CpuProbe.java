package io.masterflow.benchmark.phase;

import io.masterflow.benchmark.Percentiles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machine's own tail: how long one fixed piece of computation takes, again and again on one thread. On a
 * quiet machine every repetition does the same work, so the spread between its p50 and its p99 is the platform's
 * (a shared host, frequency changes, interrupts), not the application's. Read the overhead's p99 against it.
 */
final class CpuProbe {

    private static final int WORK = 200_000;

    /** Where the computation's result goes, so that the JIT cannot drop the computation. */
    private static volatile long sink;

    private CpuProbe() {
    }

    /** Times {@code repetitions} runs of the fixed computation, each after a 1 ms sleep, as a request wakes a waiting thread. */
    static String measure(int repetitions) throws InterruptedException {
        long state = 1;
        for (int i = 0; i < 2_000; i++) {
            state = compute(state);
        }
        List<Long> took = new ArrayList<>(repetitions);
        for (int i = 0; i < repetitions; i++) {
            long began = System.nanoTime();
            state = compute(state);
            took.add(System.nanoTime() - began);
            Thread.sleep(1);
        }
        sink = state;
        Collections.sort(took);
        double p50 = Percentiles.millis(took, 0.50);
        double p99 = Percentiles.millis(took, 0.99);
        return String.format("p50 %.2f ms, p99 %.2f ms (%.1f times the p50), p99.9 %.2f ms, max %.2f ms", p50, p99, p99 / p50,
                Percentiles.millis(took, 0.999), took.get(took.size() - 1) / 1e6);
    }

    private static long compute(long state) {
        for (int j = 0; j < WORK; j++) {
            state = state * 6364136223846793005L + j;
        }
        return state;
    }
}
