package io.masterflow.benchmark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PercentilesTest {

    private static final long MS = 1_000_000L;

    @Test
    void nearest_rank_of_one_to_a_hundred_is_the_percentile_itself() {
        long[] sorted = LongStream.rangeClosed(1, 100).toArray();

        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(95);
        assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(sorted, 0)).isEqualTo(1);
    }

    @Test
    void nearest_rank_rounds_the_rank_up_to_an_observed_sample() {
        long[] sorted = {10, 20, 30, 40};

        // rank ceil(0.5 * 4) = 2; ceil(0.95 * 4) = 4; ceil(0.26 * 4) = 2
        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(40);
        assertThat(Percentiles.nearestRank(sorted, 26)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(sorted, 25)).isEqualTo(10);
    }

    @Test
    void percentiles_of_a_thousand_samples_are_not_thrown_off_by_floating_point() {
        long[] sorted = LongStream.rangeClosed(1, 1000).toArray();

        assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(950);
        assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(990);
        assertThat(Percentiles.nearestRank(sorted, 99.9)).isEqualTo(999);
        assertThat(Percentiles.nearestRank(sorted, 57)).isEqualTo(570);
    }

    @Test
    void a_single_sample_is_every_percentile() {
        long[] sorted = {7};

        assertThat(Percentiles.nearestRank(sorted, 1)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(7);
    }

    @Test
    void one_slow_request_in_a_hundred_is_the_max_but_not_the_p99() {
        long[] nanos = new long[100];
        java.util.Arrays.fill(nanos, 2 * MS);
        nanos[37] = 500 * MS;

        LatencySummary summary = Percentiles.summarize(nanos);

        assertThat(summary.p99Ms()).isEqualTo(2.0);
        assertThat(summary.maxMs()).isEqualTo(500.0);
        assertThat(summary.meanMs()).isCloseTo((99 * 2.0 + 500) / 100, within(1e-9));
    }

    @Test
    void summarize_sorts_a_copy_and_reports_milliseconds() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            values.add(i * MS / 10); // 0.1 ms .. 20 ms
        }
        Collections.shuffle(values, new java.util.Random(42));
        long[] nanos = values.stream().mapToLong(Long::longValue).toArray();
        long[] untouched = nanos.clone();

        LatencySummary summary = Percentiles.summarize(nanos);

        assertThat(nanos).containsExactly(untouched);
        assertThat(summary.count()).isEqualTo(200);
        assertThat(summary.p50Ms()).isEqualTo(10.0);
        assertThat(summary.p95Ms()).isEqualTo(19.0);
        assertThat(summary.p99Ms()).isEqualTo(19.8);
        assertThat(summary.maxMs()).isEqualTo(20.0);
        assertThat(summary.meanMs()).isCloseTo(10.05, within(1e-9));
    }

    @Test
    void no_samples_summarize_to_not_a_number() {
        LatencySummary summary = Percentiles.summarize(new long[0]);

        assertThat(summary.count()).isZero();
        assertThat(summary.p50Ms()).isNaN();
        assertThat(summary.p99Ms()).isNaN();
        assertThat(summary.maxMs()).isNaN();
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_percentile_outside_zero_to_a_hundred_is_refused() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[]{1}, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[]{1}, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[]{1}, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_of_an_odd_count_is_the_middle_value() {
        assertThat(Percentiles.median(new double[]{1200, 900, 1100})).isEqualTo(1100);
    }

    @Test
    void median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertThat(Percentiles.median(new double[]{4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void median_ignores_missing_figures() {
        assertThat(Percentiles.median(new double[]{Double.NaN, 5, 7})).isEqualTo(6);
        assertThat(Percentiles.median(new double[]{Double.NaN})).isNaN();
        assertThat(Percentiles.median(new double[0])).isNaN();
    }
}
