package io.masterflow.query.analytics;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Figures over a tenant's flows, every one of them computed by hand from the stories below. Days are UTC days:
 * D1 2025-05-01, D2 2025-05-02, D3 2025-05-03. Durations are the ones the completions carry.
 *
 * <pre>
 * flow          engagement type       created     attempts (phase: attempt outcome duration)               end
 * completed     E1         planning   D1 10:00    waves 1 ok 1000, timeline 1 ok 4000, resources skipped   completed D1
 * retried       E1         planning   D1 11:00    waves 1 ok 2000, timeline 1 fail, 2 fail, 3 ok 6000,     completed D2
 *                                                 resources 1 ok 500
 * failed        E1         planning   D2 08:00    waves 1 ok 3000, timeline 1 fail                         failed, then paused
 * running       E1         discovery  D2 12:00    waves 1 ok 5000, timeline 1 running                      -
 * deleted       E2         planning   D3 09:00    waves 1 ok 10000                                         deleted
 * restarted     E1         planning   D3 10:00    waves 1 fail, (flow failed) 2 ok 800                     - (waiting)
 * legacy        E1         planning   D1 05:00    none (imported as COMPLETED on D3, no completion time)   completed
 * </pre>
 * Another account's flow, completed on D1 with a wave planning of 99999 ms, must never show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsIntegrationTest extends IntegrationTest {

    private static final Instant D1 = Instant.parse("2025-05-01T00:00:00Z");
    private static final Instant D2 = D1.plus(Duration.ofDays(1));
    private static final Instant D3 = D2.plus(Duration.ofDays(1));
    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");
    private static final PhaseName RESOURCES = PhaseName.of("resource_allocation");

    @Autowired
    private EventProcessingConfiguration processing;

    private final Tenant tenant = Tenant.fresh();
    private final Tenant otherEngagement = tenant.otherEngagement();
    private final Tenant otherAccount = Tenant.fresh();
    private Api api;

    @BeforeAll
    void flows() {
        api = api(Tokens.token(tenant.account(), List.of(tenant.engagement().toString(),
                otherEngagement.engagement().toString()), Roles.FLOW_VIEWER));
        story(tenant, D1.plus(Duration.ofHours(10))).created("planning", "completed")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 1000))
                .then(started(TIMELINE, 1)).then(completed(TIMELINE, 1, 4000))
                .then(new PhaseSkipped(null, RESOURCES, "not needed")).then(new FlowCompleted(null));
        story(tenant, D1.plus(Duration.ofHours(11))).created("planning", "retried")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 2000))
                .then(started(TIMELINE, 1)).then(failed(TIMELINE, 1, true))
                .then(started(TIMELINE, 2)).then(failed(TIMELINE, 2, true))
                .then(started(TIMELINE, 3)).then(completed(TIMELINE, 3, 6000))
                .then(started(RESOURCES, 1)).at(D2.plus(Duration.ofHours(9))).then(completed(RESOURCES, 1, 500))
                .then(new FlowCompleted(null));
        story(tenant, D2.plus(Duration.ofHours(8))).created("planning", "failed")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 3000))
                .then(started(TIMELINE, 1)).then(failed(TIMELINE, 1, false)).then(new FlowFailed(null, TIMELINE, "boom"))
                .then(new FlowPaused(null, "investigating"));
        story(tenant, D2.plus(Duration.ofHours(12))).created("discovery", "running")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 5000)).then(started(TIMELINE, 1));
        story(otherEngagement, D3.plus(Duration.ofHours(9))).created("planning", "deleted")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 10000)).then(new FlowDeleted(null, "duplicate"));
        story(tenant, D3.plus(Duration.ofHours(10))).created("planning", "restarted")
                .then(started(WAVES, 1)).then(failed(WAVES, 1, false)).then(new FlowFailed(null, WAVES, "boom"))
                .then(started(WAVES, 2)).then(completed(WAVES, 2, 800));
        FlowStory legacy = story(tenant, D3.plus(Duration.ofHours(20)));
        legacy.then(new LegacyFlowImported(legacy.id(), new FlowTypeRef("planning", 1), "legacy", Map.of(),
                FlowStory.PLANNING_PHASES, FlowStatus.COMPLETED, "done", "L-1", "legacy_flows",
                D1.plus(Duration.ofHours(5)), Map.of()));
        story(otherAccount, D1.plus(Duration.ofHours(10))).created("planning", "someone else's")
                .then(started(WAVES, 1)).then(completed(WAVES, 1, 99999)).then(new FlowCompleted(null));
        awaitAnalyticsCaughtUp();
    }

    @Test
    void figures_over_every_flow_of_the_tenant_match_the_hand_computed_ones() {
        JsonNode report = analytics("");

        JsonNode flows = report.path("flows");
        assertThat(flows.path("created").asLong()).isEqualTo(7);
        assertThat(statuses(flows)).isEqualTo(Map.of("CREATED", 0L, "RUNNING", 1L, "WAITING", 1L, "PAUSED", 1L,
                "COMPLETED", 3L, "FAILED", 0L, "DELETED", 1L));
        assertThat(flows.path("completed").asLong()).as("completed, retried and the legacy flow").isEqualTo(3);
        assertThat(flows.path("failed").asLong()).as("the restarted flow failed no more").isEqualTo(1);
        assertThat(flows.path("completionRate").asDouble()).isCloseTo(3.0 / 7, within(1e-9));
        assertThat(flows.path("failureRate").asDouble()).isCloseTo(1.0 / 7, within(1e-9));

        // waves: 800, 1000, 2000, 3000, 5000, 10000 completed; p50 is the 3rd of 6, p95 the 6th
        assertPhase(report, "wave_planning", 6, 1, 1, 21800.0 / 6, 2000, 10000);
        // timeline: 4000, 6000 completed; p50 the 1st of 2, p95 the 2nd
        assertPhase(report, "timeline_optimization", 2, 3, 2, 5000.0, 4000, 6000);
        assertPhase(report, "resource_allocation", 1, 0, 0, 500.0, 500, 500);
        assertThat(report.path("phases")).extracting(phase -> phase.path("phase").asText())
                .containsExactly("resource_allocation", "timeline_optimization", "wave_planning");
        assertThat(report.path("retries").asLong()).isEqualTo(3);

        assertThat(days(report)).containsExactly("2025-05-01 3 1", "2025-05-02 2 1", "2025-05-03 2 0");
    }

    @Test
    void each_filter_changes_the_figures_as_expected() {
        JsonNode otherEngagementOnly = analytics("?engagement=" + otherEngagement.engagement());
        assertThat(otherEngagementOnly.path("flows").path("created").asLong()).isEqualTo(1);
        assertThat(otherEngagementOnly.path("flows").path("byStatus").path("DELETED").asLong()).isEqualTo(1);
        assertThat(otherEngagementOnly.path("flows").path("completionRate").asDouble()).isZero();
        assertPhase(otherEngagementOnly, "wave_planning", 1, 0, 0, 10000.0, 10000, 10000);
        assertThat(days(otherEngagementOnly)).containsExactly("2025-05-03 1 0");
        assertThat(api.withHeader("X-Engagement-Id", otherEngagement.engagement().toString()).get("/api/v1/analytics")
                .body()).isEqualTo(otherEngagementOnly);

        JsonNode discovery = analytics("?flowType=discovery");
        assertThat(discovery.path("flows").path("created").asLong()).isEqualTo(1);
        assertThat(discovery.path("flows").path("byStatus").path("RUNNING").asLong()).isEqualTo(1);
        assertThat(discovery.path("phases")).hasSize(1);
        assertPhase(discovery, "wave_planning", 1, 0, 0, 5000.0, 5000, 5000);
        assertThat(days(discovery)).containsExactly("2025-05-02 1 0");

        // D2 only: flows created on D2 (failed, running); attempts and completions that finished on D2
        JsonNode secondDay = analytics("?from=2025-05-02&to=" + encode("2025-05-03T02:00:00+02:00"));
        assertThat(secondDay.path("flows").path("created").asLong()).isEqualTo(2);
        assertThat(statuses(secondDay.path("flows"))).containsEntry("PAUSED", 1L).containsEntry("RUNNING", 1L)
                .containsEntry("COMPLETED", 0L);
        assertThat(secondDay.path("flows").path("completed").asLong()).isZero();
        assertThat(secondDay.path("flows").path("failureRate").asDouble()).isEqualTo(0.5);
        assertPhase(secondDay, "wave_planning", 2, 0, 0, 4000.0, 3000, 5000);
        assertPhase(secondDay, "resource_allocation", 1, 0, 0, 500.0, 500, 500);
        JsonNode timeline = phase(secondDay, "timeline_optimization");
        assertThat(timeline.path("failedAttempts").asLong()).isEqualTo(1);
        assertThat(timeline.path("durationMs").path("p50").isNull()).as("no completed attempt to measure").isTrue();
        assertThat(secondDay.path("retries").asLong()).isZero();
        assertThat(days(secondDay)).as("the retried flow, created on D1, completed on D2").containsExactly("2025-05-02 2 1");
        assertThat(secondDay.path("from").asText()).isEqualTo("2025-05-02T00:00:00Z");

        JsonNode nothing = analytics("?flowType=assessment");
        assertThat(nothing.path("flows").path("created").asLong()).isZero();
        assertThat(nothing.path("flows").path("completionRate").isNull()).as("no rate without flows").isTrue();
        assertThat(nothing.path("phases")).isEmpty();
    }

    @Test
    void another_account_or_an_engagement_the_token_does_not_grant_is_never_counted() {
        JsonNode firstEngagementOnly = api(Tokens.viewer(tenant)).get("/api/v1/analytics").body();
        assertThat(firstEngagementOnly.path("flows").path("created").asLong()).isEqualTo(6);
        assertThat(firstEngagementOnly.path("flows").path("byStatus").path("DELETED").asLong()).isZero();
        assertThat(phase(firstEngagementOnly, "wave_planning").path("durationMs").path("p95").asLong()).isEqualTo(5000);

        Api.Response refused = api(Tokens.viewer(tenant)).get("/api/v1/analytics?engagement=" + otherEngagement.engagement());
        assertThat(refused.status()).isEqualTo(403);

        JsonNode theirs = api(Tokens.viewer(otherAccount)).get("/api/v1/analytics").body();
        assertThat(theirs.path("flows").path("created").asLong()).isEqualTo(1);
        assertPhase(theirs, "wave_planning", 1, 0, 0, 99999.0, 99999, 99999);

        assertThat(api(Tokens.auditor(tenant)).get("/api/v1/analytics").status()).isEqualTo(200);
        assertThat(api(Tokens.token(tenant.account(), List.of("*"), Roles.FLOW_OPERATOR)).get("/api/v1/analytics").status())
                .as("an operator alone reads no figures").isEqualTo(403);
    }

    @Test
    void a_bad_parameter_is_a_400_naming_it() {
        assertBadRequest("?from=yesterday", "from");
        assertBadRequest("?to=2025-13-01", "to");
        assertBadRequest("?from=2025-05-02&to=2025-05-02", "to");
        assertBadRequest("?engagement=not-a-uuid", "engagement");
        assertBadRequest("?flowType=" + "x".repeat(51), "flowType");
    }

    @Test
    void replaying_every_event_gives_the_same_figures() {
        JsonNode before = analytics("");
        JsonNode beforeSecondDay = analytics("?from=2025-05-02&to=2025-05-03");

        StreamingEventProcessor processor = analyticsProcessor();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        // a replay ends with the first event stored after the reset; another tenant's, so as not to count it
        story(Tenant.fresh(), D3).created("planning", "after the reset");
        awaitAnalyticsCaughtUp();

        assertThat(analytics("")).isEqualTo(before);
        assertThat(analytics("?from=2025-05-02&to=2025-05-03")).isEqualTo(beforeSecondDay);
    }

    private JsonNode analytics(String query) {
        Api.Response response = api.get("/api/v1/analytics" + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private void assertBadRequest(String query, String field) {
        Api.Response response = api.get("/api/v1/analytics" + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("field")).as(query).isEqualTo(field);
        assertThat(response.text("detail")).as(query).contains(field);
    }

    private static void assertPhase(JsonNode report, String name, long completed, long failed, long retries,
                                    double avg, long p50, long p95) {
        JsonNode phase = phase(report, name);
        assertThat(phase.path("completedAttempts").asLong()).as(name + " completed").isEqualTo(completed);
        assertThat(phase.path("failedAttempts").asLong()).as(name + " failed").isEqualTo(failed);
        assertThat(phase.path("retries").asLong()).as(name + " retries").isEqualTo(retries);
        assertThat(phase.path("durationMs").path("avg").asDouble()).as(name + " avg").isCloseTo(avg, within(1e-6));
        assertThat(phase.path("durationMs").path("p50").asLong()).as(name + " p50").isEqualTo(p50);
        assertThat(phase.path("durationMs").path("p95").asLong()).as(name + " p95").isEqualTo(p95);
    }

    private static JsonNode phase(JsonNode report, String name) {
        for (JsonNode phase : report.path("phases")) {
            if (phase.path("phase").asText().equals(name)) {
                return phase;
            }
        }
        throw new AssertionError("no figures for phase " + name + " in " + report);
    }

    private static Map<String, Long> statuses(JsonNode flows) {
        Map<String, Long> counts = new java.util.HashMap<>();
        flows.path("byStatus").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    /** Each day as "date created completed". */
    private static List<String> days(JsonNode report) {
        return java.util.stream.StreamSupport.stream(report.path("perDay").spliterator(), false)
                .map(day -> day.path("day").asText() + " " + day.path("created").asLong() + " " + day.path("completed").asLong())
                .toList();
    }

    private static PhaseStarted started(PhaseName phase, int attempt) {
        return new PhaseStarted(null, phase, attempt, Map.of());
    }

    private static PhaseCompleted completed(PhaseName phase, int attempt, long millis) {
        return new PhaseCompleted(null, phase, attempt, Map.of(), Duration.ofMillis(millis));
    }

    private static PhaseFailed failed(PhaseName phase, int attempt, boolean retry) {
        return new PhaseFailed(null, phase, attempt, "boom", retry, retry ? D1 : null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private StreamingEventProcessor analyticsProcessor() {
        return processing.eventProcessor(QueryProcessors.processorOf(QueryProcessors.ANALYTICS), StreamingEventProcessor.class).orElseThrow();
    }

    /**
     * Every segment of the projections' processor has handled every event stored so far: the figures come from the
     * analytics projection, the status counts from flow-status.
     */
    private void awaitAnalyticsCaughtUp() {
        long head = eventStore.createHeadToken().position().orElseThrow();
        eventually(() -> {
            Map<Integer, EventTrackerStatus> segments = analyticsProcessor().processingStatus();
            return segments.size() == 4 && segments.values().stream().allMatch(status -> !status.isErrorState()
                    && !status.isReplaying() && status.getCurrentPosition().orElse(-1) >= head);
        }, "the projections' processor has handled every event up to global index " + head);
    }
}
