package io.masterflow.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyRecorderTest {

    @Test
    void keeps_every_sample_beyond_its_initial_capacity() {
        LatencyRecorder recorder = new LatencyRecorder(16);
        for (long i = 1; i <= 10_000; i++) {
            recorder.record(i);
        }

        assertThat(recorder.count()).isEqualTo(10_000);
        assertThat(recorder.toArray()).hasSize(10_000).startsWith(1, 2, 3).endsWith(9_999, 10_000);
    }

    @Test
    void merging_the_threads_recorders_gives_the_percentiles_of_all_samples() {
        // one fast thread, one slow thread: the merged p50 sits between them, the p99 in the slow one
        LatencyRecorder fast = new LatencyRecorder();
        LatencyRecorder slow = new LatencyRecorder();
        for (int i = 0; i < 50; i++) {
            fast.record(1_000_000L);
            slow.record(9_000_000L + i * 10_000L);
        }

        LatencyRecorder merged = LatencyRecorder.merge(List.of(fast, slow, new LatencyRecorder()));
        LatencySummary summary = merged.summarize();

        assertThat(merged.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(1.0);
        assertThat(summary.p95Ms()).isEqualTo(9.44);
        assertThat(summary.p99Ms()).isEqualTo(9.48);
        assertThat(summary.maxMs()).isEqualTo(9.49);
    }

    @Test
    void an_empty_recorder_summarizes_to_no_figures() {
        assertThat(new LatencyRecorder().summarize()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void a_negative_latency_is_a_bug_not_a_sample() {
        assertThatThrownBy(() -> new LatencyRecorder().record(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
