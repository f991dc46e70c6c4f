package io.masterflow.command.flow;

import io.masterflow.overload.OverCapacity;
import io.masterflow.overload.OverloadProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandSlotsTest {

    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    @Test
    void commands_beyond_the_slots_wait_and_run_in_the_order_they_came() throws Exception {
        CommandSlots slots = slots(1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> first = send(slots, () -> await(release));
        waitUntil(() -> !slots.hasFreeSlot());
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int number = i;
            send(slots, () -> ran.add(number));
            waitUntil(() -> slots.waiting() == number);
        }

        Thread.sleep(200);
        assertThat(ran).as("nothing runs while the only slot is taken").isEmpty();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        waitUntil(() -> ran.size() == 3);
        assertThat(ran).containsExactly(1, 2, 3);
    }

    @Test
    void a_command_that_waited_longer_than_the_limit_is_refused_and_never_runs() throws Exception {
        CommandSlots slots = slots(1, Duration.ofMillis(300));
        CountDownLatch release = new CountDownLatch(1);
        send(slots, () -> await(release));
        waitUntil(() -> !slots.hasFreeSlot());
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> slots.run(() -> ran.getAndSet(true)))
                .isInstanceOfSatisfying(OverCapacity.class, refusal -> {
                    assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(refusal.getMessage()).contains("300 ms").contains("masterflow.command.concurrency");
                });
        assertThat(ran).isFalse();
        assertThat(meters.get("masterflow.overload.refused").counter().count()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void a_command_sent_from_within_a_command_runs_in_its_slot() {
        CommandSlots slots = slots(1, Duration.ofMillis(300));

        assertThat(slots.run(() -> slots.run(() -> "inner"))).isEqualTo("inner");
        assertThat(slots.hasFreeSlot()).as("the slot is given back").isTrue();
    }

    private CommandSlots slots(int concurrency, Duration maxWait) {
        OverloadProperties overload = new OverloadProperties(maxWait, Duration.ofSeconds(3));
        return new CommandSlots(concurrency, new StaticListableBeanFactory(Map.of("overload", overload))
                .getBeanProvider(OverloadProperties.class), meters);
    }

    private CompletableFuture<Object> send(CommandSlots slots, Runnable command) {
        return CompletableFuture.supplyAsync(() -> slots.run(() -> {
            command.run();
            return null;
        }), senders);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
