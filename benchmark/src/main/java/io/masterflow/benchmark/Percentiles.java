package io.masterflow.benchmark;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted samples is the sample of rank
 * ceil(p/100 * n) (1-based), so it is always a latency that was really observed, p100 is the maximum, and
 * "p99 = 12 ms" reads as "99 % of the requests took at most 12 ms".
 */
public final class Percentiles {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private Percentiles() {
    }

    /** The nearest-rank percentile of samples that are already sorted ascending. */
    public static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("a percentile is within [0, 100], not " + percentile);
        }
        // p * n first: 95 * 100 is exact in floating point where 0.95 * 100 is not; the epsilon absorbs the rest
        long rank = (long) Math.ceil(percentile * sorted.length / 100.0 - 1e-9);
        int index = (int) Math.min(Math.max(rank, 1), sorted.length) - 1;
        return sorted[index];
    }

    /** The nearest-rank value at {@code fraction} (0.99 for the p99) of sorted values; NaN when there are none. */
    public static double nearestRank(List<Long> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(fraction * sorted.size() - 1e-9);
        return sorted.get((int) Math.min(Math.max(rank, 1), sorted.size()) - 1);
    }

    /** {@link #nearestRank(List, double)} of sorted nanoseconds, in milliseconds. */
    public static double millis(List<Long> sortedNanos, double fraction) {
        return nearestRank(sortedNanos, fraction) / NANOS_PER_MILLI;
    }

    static LatencySummary summarize(long[] nanos) {
        if (nanos.length == 0) {
            return LatencySummary.EMPTY;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new LatencySummary(sorted.length,
                millis(sum / sorted.length),
                millis(nearestRank(sorted, 50)),
                millis(nearestRank(sorted, 95)),
                millis(nearestRank(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /** The median of several runs' figures (the mean of the middle two for an even count); NaNs are ignored. */
    static double median(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int middle = known.length / 2;
        return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2.0;
    }

    static double millis(double nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
