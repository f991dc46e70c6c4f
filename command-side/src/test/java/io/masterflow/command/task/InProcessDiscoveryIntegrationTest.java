package io.masterflow.command.task;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flows run by in-process handlers alone. This application adds a test-only version 3 of discovery whose phases after
 * the asset import are done by {@link ScriptedHandler}. It shares the database with the other tests' application, so
 * while it runs there are two nodes, both claiming tasks and firing deadlines.
 */
class InProcessDiscoveryIntegrationTest extends IntegrationTest {

    private static final String INVENTORY = """
            asset_id,name,kind,os
            srv-1,app server 1,server,linux
            db-1,orders db,database,
            """;

    @DynamicPropertySource
    static void inProcessDiscovery(DynamicPropertyRegistry registry) throws IOException {
        String folder = new ClassPathResource("flow-types-in-process").getFile().getPath();
        registry.add("masterflow.flow-types.external-dir", () -> folder);
    }

    private String runDiscovery(boolean autoAdvance) {
        String flow = createFlow("discovery", autoAdvance);
        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute",
                Map.of("input", Map.of("source", "cmdb.csv", "inventory", INVENTORY)));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return flow;
    }

    @Test
    void an_auto_advancing_discovery_runs_to_completion_by_in_process_handlers_alone() {
        String flow = runDiscovery(true);

        List<String> types = awaitEvents(flow, all -> all.contains("FlowCompleted"));

        assertThat(types).containsExactly("FlowCreated",
                "PhaseStarted", "AssetsDiscovered", "PhaseCompleted",
                "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseCompleted",
                "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseCompleted", "FlowCompleted");
        assertThat(event(flow, 2).path("assets")).hasSize(2);
        assertThat(event(flow, 3).path("output").path("imported").asInt()).isEqualTo(2);
        assertThat(userOf(flow, 3)).isEqualTo("masterflow:handler:asset-import");
        assertThat(userOf(flow, 5)).isEqualTo("masterflow:handler:scripted");
        assertThat(event(flow, 13).path("output").path("done").asText()).isEqualTo("tech_debt_analysis");
    }

    @Test
    void a_handler_failing_retryably_is_retried_after_its_backoff_and_then_succeeds() {
        String flow = createFlow("discovery", true);
        ScriptedHandler.script(flow, PhaseOutcome.failed("mapping service unavailable", true),
                PhaseOutcome.failed("mapping service still unavailable", true));
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv", "inventory", INVENTORY)));

        awaitEvents(flow, all -> all.size() == 6);
        assertThat(event(flow, 5).path("error").asText()).isEqualTo("mapping service unavailable");
        TestClock.INSTANCE.advance(Duration.ofSeconds(13));
        awaitEvents(flow, all -> all.size() == 8);
        assertThat(event(flow, 7).path("error").asText()).isEqualTo("mapping service still unavailable");
        TestClock.INSTANCE.advance(Duration.ofSeconds(25));

        List<String> types = awaitEvents(flow, all -> all.contains("FlowCompleted"));
        assertThat(types.subList(4, 10)).containsExactly("PhaseStarted", "PhaseFailed", "PhaseStarted", "PhaseFailed", "PhaseStarted",
                "PhaseCompleted");
        assertThat(event(flow, 8).path("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void a_handler_output_that_fails_the_phase_validators_fails_the_phase_for_good() {
        String flow = createFlow("discovery", true);
        ScriptedHandler.script(flow, PhaseOutcome.completed(Map.of("mapped", 12)));
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv", "inventory", INVENTORY)));

        List<String> types = awaitEvents(flow, all -> all.contains("FlowFailed"));

        assertThat(types).endsWith("PhaseStarted", "PhaseFailed", "FlowFailed");
        assertThat(event(flow, 5).path("retryable").asBoolean()).isFalse();
        assertThat(event(flow, 5).path("error").asText()).contains("output of phase attribute_mapping is invalid", "'checked'");
    }

    @Test
    void a_handler_that_throws_fails_its_attempt_as_retryable() {
        String flow = createFlow("discovery", true);
        ScriptedHandler.script(flow, PhaseOutcome.failed("placeholder", true));
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv", "inventory", 42, "format", "xml")));

        List<String> types = awaitEvents(flow, all -> all.contains("FlowFailed"));

        assertThat(types).containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowFailed");
        assertThat(event(flow, 2).path("error").asText()).contains("'inventory' must be CSV text");
    }
}
