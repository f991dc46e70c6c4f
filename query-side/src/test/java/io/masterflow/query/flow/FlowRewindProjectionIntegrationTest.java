package io.masterflow.query.flow;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowConfigurationChanged;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A rewind and a configuration change, as the flow view, time travel, the audit trail and analytics show them. */
class FlowRewindProjectionIntegrationTest extends IntegrationTest {

    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");
    private static final PhaseName RESOURCES = PhaseName.of("resource_allocation");
    private static final Instant START = Instant.parse("2025-11-03T09:00:00Z");

    private final Tenant tenant = Tenant.fresh();

    @Test
    void a_completed_flow_rewound_shows_its_phases_pending_again_and_everything_before_the_rewind_stays_readable() {
        FlowStory flow = story(tenant, START).created("planning", "rewound")
                .then(new FlowConfigurationChanged(null, Map.of("wave_size", 20), Map.of("wave_size", 20)))
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new AssetsDiscovered(null, WAVES, List.of(new DiscoveredAsset("app-7", "billing", "application", Map.of()))))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of(), Duration.ofSeconds(3)))
                .then(new PhaseStarted(null, TIMELINE, 1, Map.of())).then(new PhaseCompleted(null, TIMELINE, 1, Map.of(), Duration.ofSeconds(4)))
                .then(new PhaseSkipped(null, RESOURCES, "not needed")).then(new FlowCompleted(null));
        long completedVersion = flow.version();
        flow.by("operator").then(new FlowRewound(null, WAVES, "the timeline was wrong", null, null));
        awaitProjected(tenant, flow);
        awaitAudited(flow);
        Api viewer = api(Tokens.viewer(tenant));
        Api auditor = api(Tokens.auditor(tenant));

        JsonNode now = viewer.get("/api/v1/flows/" + flow.id()).body();
        assertThat(now.path("status").asText()).isEqualTo("CREATED");
        assertThat(now.path("currentPhase").asText()).isEqualTo("wave_planning");
        assertThat(now.path("configuration").path("wave_size").asInt()).isEqualTo(20);
        assertThat(now.path("phases")).extracting(phase -> phase.path("state").asText()).containsExactly("pending", "pending", "pending");
        assertThat(now.path("phases").path(1).path("attempts").asInt()).isEqualTo(1);
        assertThat(viewer.get("/api/v1/flows/" + flow.id() + "/assets").body().path("items"))
                .as("assets the rewound phase discovered are kept").extracting(asset -> asset.path("assetId").asText())
                .containsExactly("app-7");

        JsonNode before = auditor.get("/api/v1/flows/" + flow.id() + "/state?version=" + completedVersion).body();
        assertThat(before.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(before.path("phases")).extracting(phase -> phase.path("state").asText()).containsExactly("completed", "completed", "skipped");

        JsonNode entries = auditor.get("/api/v1/audit?flowId=" + flow.id()).body().path("items");
        JsonNode rewind = entries.path(entries.size() - 1);
        assertThat(rewind.path("eventType").asText()).isEqualTo("FlowRewound");
        assertThat(rewind.path("userId").asText()).isEqualTo("operator");
        assertThat(rewind.path("summary").asText()).isEqualTo("rewound the flow to phase wave_planning: 'the timeline was wrong'");
        assertThat(entries.path(1).path("summary").asText()).isEqualTo("changed the configuration: wave_size");

        eventually(() -> Long.valueOf(flow.version()).equals(jdbc.queryForObject(
                "SELECT version FROM analytics_flow WHERE flow_id = ?", Long.class, flow.id().value())), "analytics saw the rewind");
        assertThat(jdbc.queryForObject("SELECT outcome FROM analytics_flow WHERE flow_id = ?", String.class, flow.id().value()))
                .as("a rewound flow is open again").isNull();
        assertThat(viewer.get("/api/v1/analytics?from=2025-11-01T00:00:00Z&to=2025-11-10T00:00:00Z").body()
                .path("flows").path("completed").asLong()).isZero();
    }
}
