package io.masterflow.query.deadletter;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.flow.UnplaceableEvent;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterIntegrationTest extends IntegrationTest {

    private static final String LETTERS = "/api/v1/admin/dead-letters";
    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final Instant START = Instant.parse("2025-06-01T09:00:00Z");

    @Test
    void an_event_the_projection_cannot_place_is_dead_lettered_with_its_flow_while_other_flows_go_on() {
        Tenant tenant = Tenant.fresh();
        FlowStory poisoned = story(tenant, START).stamped(MetaDataKeys.ENGAGEMENT_ID, "engagement-7")
                .created("planning", "poisoned")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()));
        FlowStory healthy = story(tenant, START).created("planning", "healthy");

        awaitProjected(tenant, healthy);
        JsonNode sequence = awaitSequence(tenant, QueryProcessors.FLOW_STATUS, poisoned, 2);
        JsonNode refused = sequence.path("letters").get(0);
        assertThat(refused.path("eventType").asText()).isEqualTo("FlowCreated");
        assertThat(refused.path("flowId").asText()).isEqualTo(poisoned.idText());
        assertThat(refused.path("flowVersion").asLong()).isZero();
        assertThat(refused.has("globalSequence")).as("no position counting other accounts' events").isFalse();
        assertThat(refused.path("causeType").asText()).isEqualTo(UnplaceableEvent.class.getName());
        assertThat(refused.path("causeMessage").asText()).contains("owner", "engagement-7");
        assertThat(refused.path("enqueuedAt").asText()).isNotBlank();
        assertThat(refused.path("diagnostics").path("failures").asInt()).isEqualTo(1);
        JsonNode waiting = sequence.path("letters").get(1);
        assertThat(waiting.path("eventType").asText()).isEqualTo("PhaseStarted");
        assertThat(waiting.path("flowVersion").asLong()).isEqualTo(1);
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/flows/" + poisoned.id()).status()).isEqualTo(404);

        // another account's admin sees nothing of it and cannot touch it; a viewer may not ask
        Tenant other = Tenant.fresh();
        Api otherAdmin = api(Tokens.admin(other));
        assertThat(sequenceOf(otherAdmin.get(LETTERS).body(), QueryProcessors.FLOW_STATUS, poisoned)).isEmpty();
        assertThat(otherAdmin.post(path(poisoned) + "/retry").status()).isEqualTo(404);
        assertThat(otherAdmin.delete(path(poisoned)).status()).isEqualTo(404);
        assertThat(api(Tokens.viewer(tenant)).get(LETTERS).status()).isEqualTo(403);
        assertThat(api(Tokens.viewer(tenant)).delete(path(poisoned)).status()).isEqualTo(403);

        Api.Response evicted = api(Tokens.admin(tenant)).delete(path(poisoned));
        assertThat(evicted.status()).isEqualTo(200);
        assertThat(evicted.body().path("evicted").asInt()).isEqualTo(2);
        assertThat(sequenceOf(api(Tokens.admin(tenant)).get(LETTERS).body(), QueryProcessors.FLOW_STATUS, poisoned)).isEmpty();
        assertThat(api(Tokens.admin(tenant)).delete(path(poisoned)).status()).isEqualTo(404);
    }

    @Test
    void a_refused_flow_waits_in_order_until_a_retry_after_the_fix_projects_it_all() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, START).created("planning", "waves");
        awaitProjected(tenant, flow);
        // a status this version does not know, as a newer version rolled back would leave it
        jdbc.update("UPDATE flow_status SET status = 'ARCHIVED' WHERE flow_id = ?::uuid", flow.idText());

        flow.then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of(), Duration.ofMinutes(3)));
        FlowStory later = story(tenant, START).created("planning", "created after the refused one");
        awaitProjected(tenant, later);
        JsonNode sequence = awaitSequence(tenant, QueryProcessors.FLOW_STATUS, flow, 2);
        assertThat(sequence.path("letters").get(0).path("causeMessage").asText()).contains("ARCHIVED");

        Api admin = api(Tokens.admin(tenant));
        Api.Response refusedAgain = admin.post(path(flow) + "/retry");
        assertThat(refusedAgain.status()).isEqualTo(200);
        assertThat(refusedAgain.body().path("sequencesCleared").asInt()).isZero();
        assertThat(refusedAgain.body().path("lettersRemaining").asLong()).isEqualTo(2);
        JsonNode stillThere = sequenceOf(admin.get(LETTERS).body(), QueryProcessors.FLOW_STATUS, flow).orElseThrow();
        assertThat(stillThere.path("letters").get(0).path("diagnostics").path("failures").asInt()).isEqualTo(2);

        jdbc.update("UPDATE flow_status SET status = 'CREATED' WHERE flow_id = ?::uuid", flow.idText());
        Api.Response retried = admin.post(path(flow) + "/retry");
        assertThat(retried.body().path("sequencesCleared").asInt()).isEqualTo(1);
        assertThat(retried.body().path("lettersRemaining").asLong()).isZero();
        awaitProjected(tenant, flow);
        JsonNode projected = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id()).body();
        assertThat(projected.path("status").asText()).isEqualTo("WAITING");
        assertThat(projected.path("version").asLong()).isEqualTo(2);
        assertThat(sequenceOf(admin.get(LETTERS).body(), QueryProcessors.FLOW_STATUS, flow)).isEmpty();
    }

    @Test
    void letters_of_no_readable_account_are_the_platform_operators_to_count_and_handle_processor_wide() {
        FlowStory unowned = story(Tenant.fresh(), START).stamped(MetaDataKeys.CLIENT_ACCOUNT_ID, "acme-corp")
                .created("planning", "nobody's");
        Api operator = api(Tokens.platformOperator());
        String unownedLetters = LETTERS + "/unowned";
        eventually(() -> operator.get(unownedLetters).body().path("unownedLetters").path(QueryProcessors.FLOW_STATUS).asLong() >= 1,
                "the flow of an unreadable account is dead-lettered");
        Api anyAdmin = api(Tokens.admin(Tenant.fresh()));
        assertThat(anyAdmin.get(LETTERS).text()).doesNotContain(unowned.idText(), "acme-corp", "unowned");
        assertThat(anyAdmin.get(unownedLetters).status()).isEqualTo(403);

        Api.Response retried = operator.post(LETTERS + "/" + QueryProcessors.FLOW_STATUS + "/unowned/retry");
        assertThat(retried.body().path("lettersRemaining").asLong()).isGreaterThanOrEqualTo(1);
        Api.Response evicted = operator.delete(LETTERS + "/" + QueryProcessors.FLOW_STATUS + "/unowned");
        assertThat(evicted.body().path("evicted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(operator.get(unownedLetters).body().path("unownedLetters").path(QueryProcessors.FLOW_STATUS).asLong()).isZero();
        assertThat(operator.delete(LETTERS + "/no-such-processor/unowned").status()).isEqualTo(404);
    }

    @Test
    void the_list_comes_in_pages_of_whole_sequences_in_flow_order() {
        Tenant tenant = Tenant.fresh();
        List<String> poisoned = IntStream.range(0, 3)
                .mapToObj(i -> story(tenant, START).stamped(MetaDataKeys.ENGAGEMENT_ID, "engagement-7")
                        .created("planning", "poisoned " + i)
                        .then(new PhaseStarted(null, WAVES, 1, Map.of())).idText())
                .sorted().toList();
        Api admin = api(Tokens.admin(tenant));
        String flowStatusLetters = LETTERS + "?processor=" + QueryProcessors.FLOW_STATUS;
        eventually(() -> flowIds(admin.get(flowStatusLetters).body()).size() == 3
                        && admin.get(flowStatusLetters).body().path("sequences").findValues("letters").stream().allMatch(letters -> letters.size() == 2),
                "the three flows are dead-lettered");

        JsonNode first = admin.get(flowStatusLetters + "&limit=2").body();
        JsonNode second = admin.get(flowStatusLetters + "&limit=2&cursor=" + first.path("nextCursor").asText()).body();

        assertThat(flowIds(first)).containsExactlyElementsOf(poisoned.subList(0, 2));
        assertThat(flowIds(second)).containsExactlyElementsOf(poisoned.subList(2, 3));
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(second.path("sequences").get(0).path("letters")).as("a sequence comes whole").hasSize(2);
        assertThat(first.path("sequences").findValuesAsText("processor")).containsOnly(QueryProcessors.FLOW_STATUS);
    }

    @Test
    void a_page_of_an_unknown_processor_or_a_cursor_this_api_did_not_issue_is_a_bad_request() {
        Api admin = api(Tokens.admin(Tenant.fresh()));

        Api.Response unknown = admin.get(LETTERS + "?processor=no-such-processor");
        Api.Response madeUp = admin.get(LETTERS + "?cursor=bm90LWEtY3Vyc29y");
        Api.Response tooMany = admin.get(LETTERS + "?limit=201");

        assertThat(List.of(unknown.status(), madeUp.status(), tooMany.status())).containsOnly(400);
        assertThat(List.of(unknown.text("field"), madeUp.text("field"), tooMany.text("field"))).containsExactly("processor", "cursor", "limit");
        assertThat(unknown.text("detail")).contains(QueryProcessors.FLOW_STATUS);
    }

    private static List<String> flowIds(JsonNode page) {
        return StreamSupport.stream(page.path("sequences").spliterator(), false)
                .map(sequence -> sequence.path("sequenceIdentifier").asText()).toList();
    }

    @Test
    void a_database_failure_rolls_the_batch_back_and_retries_it_rather_than_dead_lettering() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, START);
        jdbc.execute("ALTER TABLE flow_status RENAME TO flow_status_away");
        try {
            flow.created("planning", "written once the database is back");
            Api operator = management(Tokens.platformOperator());
            eventually(() -> operator.get("/actuator/health").body().path("components").path("queryProcessors")
                    .path("details").path(QueryProcessors.FLOW_STATUS).path("error").asBoolean(), "the processor reports its error");
            Api.Response health = operator.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().path("components").path("queryProcessors").path("status").asText()).isEqualTo("DOWN");
        } finally {
            jdbc.execute("ALTER TABLE flow_status_away RENAME TO flow_status");
        }
        eventually(() -> jdbc.queryForObject("SELECT count(*) FROM flow_status WHERE flow_id = ?::uuid", Long.class, flow.idText()) == 1,
                "the batch is retried once the database is back");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query_dead_letter WHERE sequence_identifier = ?", Long.class,
                flow.idText())).isZero();
    }

    private JsonNode awaitSequence(Tenant tenant, String processor, FlowStory flow, int letters) {
        Api admin = api(Tokens.admin(tenant));
        eventually(() -> sequenceOf(admin.get(LETTERS).body(), processor, flow)
                .filter(sequence -> sequence.path("letters").size() == letters).isPresent(),
                letters + " letters of flow " + flow.id() + " are in the dead-letter queue of " + processor);
        return sequenceOf(admin.get(LETTERS).body(), processor, flow).orElseThrow();
    }

    private static Optional<JsonNode> sequenceOf(JsonNode report, String processor, FlowStory flow) {
        return StreamSupport.stream(report.path("sequences").spliterator(), false)
                .filter(sequence -> sequence.path("processor").asText().equals(processor)
                        && sequence.path("sequenceIdentifier").asText().equals(flow.idText()))
                .findFirst();
    }

    private static String path(FlowStory flow) {
        return LETTERS + "/" + QueryProcessors.FLOW_STATUS + "/" + flow.idText();
    }

}
