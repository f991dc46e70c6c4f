package io.masterflow.query.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), new Random(42));

    @Test
    void each_failure_doubles_the_wait_with_jitter_between_half_and_all_of_it() {
        for (int failed = 1; failed <= 8; failed++) {
            Duration ceiling = Duration.ofSeconds(10).multipliedBy(1L << (failed - 1));
            for (int sample = 0; sample < 100; sample++) {
                assertThat(backoff.after(failed)).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
    }

    @Test
    void the_wait_never_exceeds_the_maximum_however_many_attempts_failed() {
        for (int failed : new int[] {9, 10, 31, 64, 1_000}) {
            assertThat(backoff.after(failed)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
        }
    }

    @Test
    void the_jitter_spreads_deliveries_that_failed_together() {
        assertThat(IntStream.range(0, 50).mapToObj(sample -> backoff.after(5)).distinct().count()).isGreaterThan(40);
    }
}
