package io.masterflow.query.axon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCoordinatorExecutorTest {

    private final PromptCoordinatorExecutor executor = new PromptCoordinatorExecutor(Executors.defaultThreadFactory());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void the_look_again_after_a_full_queue_comes_sooner() {
        assertThat(executor.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).getDelay(TimeUnit.MILLISECONDS))
                .isLessThanOrEqualTo(PromptCoordinatorExecutor.RECHECK.toMillis());
    }

    @Test
    void waits_for_new_events_claims_and_back_off_are_kept() {
        assertThat(executor.schedule(() -> { }, 500, TimeUnit.MILLISECONDS).getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(400);
        assertThat(executor.schedule(() -> { }, 5, TimeUnit.SECONDS).getDelay(TimeUnit.SECONDS)).isGreaterThan(3);
    }
}
