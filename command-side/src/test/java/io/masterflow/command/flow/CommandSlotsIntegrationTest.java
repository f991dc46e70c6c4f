package io.masterflow.command.flow;

import io.masterflow.command.support.IntegrationTest;
import io.masterflow.testsupport.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's command slots over real HTTP: a command waits for a slot, and one that waited too long is refused. */
class CommandSlotsIntegrationTest extends IntegrationTest {

    @Autowired
    private CommandSlots slots;

    private final ExecutorService holders = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void giveTheSlotsBack() {
        release.countDown();
        holders.shutdown();
    }

    @Test
    void a_command_waits_while_every_slot_is_taken_and_runs_once_one_is_free() throws Exception {
        takeEverySlot();
        String name = "waiting " + UUID.randomUUID();

        CompletableFuture<Api.Response> create = CompletableFuture.supplyAsync(() -> api.post("/api/v1/flows",
                Map.of("flowType", "discovery", "name", name, "configuration", Map.of("source", "test"))));
        Thread.sleep(500);
        assertThat(create).as("no slot, no command").isNotDone();
        release.countDown();

        assertThat(create.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(flowsCreatedNamed(name)).isEqualTo(1);
    }

    @Test
    void a_command_that_waited_longer_than_the_limit_is_answered_503_with_retry_after_and_nothing_is_stored() throws Exception {
        takeEverySlot();
        String name = "refused " + UUID.randomUUID();

        // the limit is masterflow.overload.max-queue-wait, 10 s by default
        Api.Response refused = api.post("/api/v1/flows", Map.of("flowType", "discovery", "name", name,
                "configuration", Map.of("source", "test")));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.text("detail")).contains("over capacity").contains("masterflow.command.concurrency");
        release.countDown();
        assertThat(flowsCreatedNamed(name)).isZero();
    }

    private long flowsCreatedNamed(String name) {
        return jdbc.queryForObject("select count(*) from domainevententry where payloadtype like '%FlowCreated' "
                + "and convert_from(payload, 'UTF8') like ?", Long.class, "%" + name + "%");
    }

    private void takeEverySlot() throws InterruptedException {
        for (int i = 0; i < slots.concurrency(); i++) {
            holders.execute(() -> slots.run(() -> {
                try {
                    return release.await(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (slots.hasFreeSlot()) {
            assertThat(System.nanoTime()).as("the test's commands hold every slot").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
