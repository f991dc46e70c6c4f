package io.masterflow.benchmark;

/** Count and distribution of a set of latencies, in milliseconds. All figures are NaN when there is no sample. */
record LatencySummary(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
