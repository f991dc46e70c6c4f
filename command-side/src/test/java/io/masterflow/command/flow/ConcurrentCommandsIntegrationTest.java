package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentCommandsIntegrationTest extends IntegrationTest {

    @Test
    void fifty_concurrent_commands_on_one_flow_lose_no_update_and_start_no_phase_twice() throws Exception {
        String flow = createFlow("discovery", false);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Api.Response>> commands = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // a third each start the same phase, pause, resume: every success must be a legal step
            Callable<Api.Response> command = switch (i % 3) {
                case 0 -> () -> api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x")));
                case 1 -> () -> api.post("/api/v1/flows/" + flow + "/pause", Map.of());
                default -> () -> api.post("/api/v1/flows/" + flow + "/resume", Map.of());
            };
            commands.add(() -> {
                go.await();
                return command.call();
            });
        }

        List<Api.Response> responses = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(50);
        try {
            List<Future<Api.Response>> futures = commands.stream().map(senders::submit).toList();
            go.countDown();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            senders.shutdownNow();
        }

        long accepted = responses.stream().filter(response -> response.status() / 100 == 2).count();
        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isIn(200, 202, 409));
        List<String> stream = eventTypes(flow);
        assertThat(stream).hasSize(1 + (int) accepted);
        assertThat(stream.stream().filter("PhaseStarted"::equals)).hasSizeLessThanOrEqualTo(1);
        List<Long> sequence = jdbc.queryForList(
                "select sequencenumber from domainevententry where aggregateidentifier = ? order by sequencenumber", Long.class, flow);
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
        assertPausesAndResumesAlternate(stream);
    }

    private static void assertPausesAndResumesAlternate(List<String> stream) {
        boolean paused = false;
        for (String event : stream) {
            if (event.equals("FlowPaused")) {
                assertThat(paused).as("paused twice in a row in " + stream).isFalse();
                paused = true;
            } else if (event.equals("FlowResumed")) {
                assertThat(paused).as("resumed without a pause in " + stream).isTrue();
                paused = false;
            } else if (event.equals("PhaseStarted")) {
                assertThat(paused).as("started while paused in " + stream).isFalse();
            }
        }
    }
}
