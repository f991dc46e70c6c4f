package io.masterflow.query.history;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A flow with retries, a pause and a resume, read back from the event store as it was at each step. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowHistoryIntegrationTest extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");

    private final Tenant tenant = Tenant.fresh();
    private Api auditor;
    private FlowStory flow;

    @BeforeAll
    void aFlowWithRetriesAPauseAndAResume() {
        auditor = api(Tokens.auditor(tenant));
        flow = story(tenant, T0).correlatedAs("plan-q3").created("planning", "Q3 waves")     // 0 at 12:00:00
                .then(new PhaseStarted(null, WAVES, 1, Map.of("scope", "all")))                 // 1 at 12:00:01
                .then(new PhaseCompleted(null, WAVES, 1, Map.of("waves", 4), Duration.ofSeconds(1))) // 2 at 12:00:02
                .then(new PhaseStarted(null, TIMELINE, 1, Map.of()))                            // 3 at 12:00:03
                .then(new PhaseFailed(null, TIMELINE, 1, "solver timed out", true, T0.plusSeconds(64))) // 4 at 12:00:04
                .by("bob").after(Duration.ofMinutes(10)).then(new FlowPaused(null, "client review")) // 5 at 12:10:05
                .after(Duration.ofMinutes(10)).then(new FlowResumed(null, "approved"))          // 6 at 12:20:06
                .by("alice").then(new PhaseStarted(null, TIMELINE, 2, Map.of()))               // 7 at 12:20:07
                .then(new PhaseFailed(null, TIMELINE, 2, "solver crashed", true, T0.plusSeconds(1300))) // 8 at 12:20:08
                .then(new PhaseStarted(null, TIMELINE, 3, Map.of()))                            // 9 at 12:20:09
                .then(new PhaseCompleted(null, TIMELINE, 3, Map.of(), Duration.ofSeconds(1)));  // 10 at 12:20:10
        // the command side's snapshot of the flow: a cache, never part of the history
        eventStore.storeSnapshot(new GenericDomainEventMessage<>("Flow", flow.idText(), 6, Map.of("cached", true)));
        awaitProjected(tenant, flow);
    }

    @Test
    void the_history_is_every_stored_event_in_order_with_its_payload_and_metadata() {
        Api.Response history = auditor.get("/api/v1/flows/" + flow.id() + "/history");

        assertThat(history.status()).isEqualTo(200);
        JsonNode events = history.body().path("events");
        assertThat(events).hasSize(11);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Long.class,
                flow.idText())).as("a snapshot is stored, and left out").isEqualTo(1);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asLong()).isEqualTo(i);
            types.add(events.get(i).path("type").asText());
        }
        assertThat(types).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted", "PhaseStarted", "PhaseFailed",
                "FlowPaused", "FlowResumed", "PhaseStarted", "PhaseFailed", "PhaseStarted", "PhaseCompleted");

        JsonNode failed = events.get(4);
        assertThat(Instant.parse(failed.path("timestamp").asText())).isEqualTo(T0.plusSeconds(4));
        assertThat(failed.path("payload").path("phase").asText()).isEqualTo("timeline_optimization");
        assertThat(failed.path("payload").path("error").asText()).isEqualTo("solver timed out");
        assertThat(failed.path("payload").path("nextAttemptAt").asText()).isEqualTo("2025-06-01T12:01:04Z");
        assertThat(failed.path("eventId").asText()).isNotBlank();
        assertThat(events.get(1).path("payload").path("input").path("scope").asText()).isEqualTo("all");

        JsonNode paused = events.get(5).path("metaData");
        assertThat(paused.path("userId").asText()).isEqualTo("bob");
        assertThat(paused.path("clientAccountId").asText()).isEqualTo(tenant.account().toString());
        assertThat(paused.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
        assertThat(paused.path("correlationId").asText()).isEqualTo("plan-q3");
        assertThat(paused.path("causationId").asText()).isNotBlank();
    }

    @Test
    void the_state_at_a_version_is_the_flow_after_that_event() {
        JsonNode retryWaiting = state("?version=4");
        assertThat(retryWaiting.path("version").asLong()).isEqualTo(4);
        assertThat(retryWaiting.path("status").asText()).isEqualTo("RUNNING");
        assertThat(phase(retryWaiting, 1).path("state").asText()).isEqualTo("retry_wait");
        assertThat(phase(retryWaiting, 1).path("nextAttemptAt").asText()).isEqualTo("2025-06-01T12:01:04Z");

        JsonNode paused = state("?version=5");
        assertThat(paused.path("status").asText()).isEqualTo("PAUSED");
        assertThat(paused.path("lastUser").asText()).isEqualTo("bob");

        JsonNode resumed = state("?version=6");
        assertThat(resumed.path("status").asText()).isEqualTo("RUNNING");

        JsonNode created = state("?version=0");
        assertThat(created.path("status").asText()).isEqualTo("CREATED");
        assertThat(created.path("phases")).allSatisfy(phase -> assertThat(phase.path("state").asText()).isEqualTo("pending"));
    }

    @Test
    void the_state_at_an_instant_is_the_flow_after_every_event_stored_by_then() {
        JsonNode duringThePause = state("?at=2025-06-01T12:15:00Z");
        assertThat(duringThePause.path("status").asText()).isEqualTo("PAUSED");
        assertThat(duringThePause.path("version").asLong()).isEqualTo(5);

        JsonNode secondRetryWaiting = state("?at=" + "2025-06-01T12:20:08Z");
        assertThat(secondRetryWaiting.path("version").asLong()).isEqualTo(8);
        assertThat(phase(secondRetryWaiting, 1).path("attempts").asInt()).isEqualTo(2);
        assertThat(phase(secondRetryWaiting, 1).path("lastError").asText()).isEqualTo("solver crashed");

        JsonNode atCreation = state("?at=2025-06-01T13:00:00%2B01:00");
        assertThat(atCreation.path("version").asLong()).as("13:00+01:00 is 12:00 UTC").isEqualTo(0);
    }

    @Test
    void the_latest_state_rebuilt_from_events_is_exactly_what_the_projection_shows() {
        JsonNode rebuilt = state("");
        JsonNode projected = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id()).body();

        assertThat(rebuilt).isEqualTo(projected);
        assertThat(rebuilt.path("status").asText()).isEqualTo("WAITING");
        assertThat(phase(rebuilt, 1).path("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void times_finer_than_the_read_model_keeps_do_not_make_the_rebuilt_state_differ() {
        Instant fine = Instant.parse("2025-06-02T12:00:00.123456789Z");
        FlowStory precise = story(tenant, fine).created("planning", "nanoseconds")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of(), Duration.ofNanos(1_234_567_891)))
                .then(new PhaseStarted(null, TIMELINE, 1, Map.of()))
                // a retry time computed by the command side carries nanoseconds; PostgreSQL keeps microseconds
                .then(new PhaseFailed(null, TIMELINE, 1, "again", true, fine.plusNanos(987_654_321)));
        awaitProjected(tenant, precise);

        JsonNode rebuilt = auditor.get("/api/v1/flows/" + precise.id() + "/state").body();
        JsonNode projected = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + precise.id()).body();
        assertThat(rebuilt).isEqualTo(projected);
    }

    @Test
    void a_state_before_the_flow_existed_or_beyond_its_last_version_is_not_found() {
        assertThat(auditor.get("/api/v1/flows/" + flow.id() + "/state?at=2025-06-01T11:59:59Z").status()).isEqualTo(404);
        Api.Response beyond = auditor.get("/api/v1/flows/" + flow.id() + "/state?version=11");
        assertThat(beyond.status()).isEqualTo(404);
        assertThat(beyond.text("detail")).contains("latest is 10");
    }

    @Test
    void a_state_question_it_cannot_read_is_a_400_naming_the_parameter() {
        assertThat(auditor.get("/api/v1/flows/" + flow.id() + "/state?at=noon").text("field")).isEqualTo("at");
        assertThat(auditor.get("/api/v1/flows/" + flow.id() + "/state?version=-1").text("field")).isEqualTo("version");
        assertThat(auditor.get("/api/v1/flows/" + flow.id() + "/state?version=1&at=2025-06-01T12:00:00Z").status()).isEqualTo(400);
    }

    @Test
    void history_and_past_states_are_for_auditors_only() {
        Api viewer = api(Tokens.viewer(tenant));
        assertThat(viewer.get("/api/v1/flows/" + flow.id() + "/history").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/flows/" + flow.id() + "/state").status()).isEqualTo(403);
        assertThat(auditor.get("/api/v1/flows/" + flow.id()).status()).as("an auditor reads flows too").isEqualTo(200);
    }

    private JsonNode state(String query) {
        Api.Response state = auditor.get("/api/v1/flows/" + flow.id() + "/state" + query);
        assertThat(state.status()).as("%s: %s", query, state.text()).isEqualTo(200);
        return state.body();
    }

    private static JsonNode phase(JsonNode flow, int position) {
        return flow.path("phases").get(position);
    }

    @Test
    void another_tenants_flow_is_answered_as_a_missing_one_before_any_later_event_of_it_is_read() {
        Tenant owner = Tenant.fresh();
        FlowStory foreign = story(owner, T0).created("planning", "someone else's");
        // a later event nobody can read: reading the flow's events before asking whose it is would fail on it
        jdbc.update("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, timestamp)
                VALUES (?, 1, 'Flow', ?, ?, ?, ?, ?)""", foreign.idText(), UUID.randomUUID().toString(),
                ("{\"clientAccountId\":\"" + owner.account() + "\",\"engagementId\":\"" + owner.engagement() + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                "not json".getBytes(StandardCharsets.UTF_8), PhaseStarted.class.getName(), T0.plusSeconds(1).toString());
        String missing = UUID.randomUUID().toString();

        Api.Response foreignAnswer = auditor.get("/api/v1/flows/" + foreign.id() + "/history");
        Api.Response missingAnswer = auditor.get("/api/v1/flows/" + missing + "/history");

        assertThat(foreignAnswer.status()).as(foreignAnswer.text()).isEqualTo(404);
        assertThat(foreignAnswer.text("detail")).isEqualTo(missingAnswer.text("detail").replace(missing, foreign.idText()));
    }
}
