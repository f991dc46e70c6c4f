package io.masterflow.benchmark;

import java.util.Arrays;
import java.util.Collection;

/**
 * Every latency of one operation seen by one client thread, in nanoseconds. Not thread-safe: each client
 * thread owns its recorders, and they are merged once the threads have been joined. Keeping every sample (a
 * 30 s run is a few hundred thousand longs) makes the percentiles exact rather than bucketed.
 */
final class LatencyRecorder {

    private long[] samples;
    private int size;

    LatencyRecorder() {
        this(1024);
    }

    LatencyRecorder(int initialCapacity) {
        samples = new long[Math.max(16, initialCapacity)];
    }

    void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a latency cannot be negative: " + nanos);
        }
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int count() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(samples, size);
    }

    LatencySummary summarize() {
        return Percentiles.summarize(toArray());
    }

    static LatencyRecorder merge(Collection<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::count).sum();
        LatencyRecorder merged = new LatencyRecorder(total);
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.samples, 0, merged.samples, merged.size, recorder.size);
            merged.size += recorder.size;
        }
        return merged;
    }
}
