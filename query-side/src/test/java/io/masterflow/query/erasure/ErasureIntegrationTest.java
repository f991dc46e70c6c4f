package io.masterflow.query.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.events.RetryPolicy;
import io.masterflow.query.axon.ProcessorProgress;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.testsupport.Api;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure by crypto-shredding, through real HTTP over the real event store: the users' ids are sealed in the stored
 * metadata, and once a user's (or an account's) keys are destroyed every read path shows {@code [erased]} where that
 * user was, a rebuild from scratch too, while the other users, the payloads and the sequence stay as they were.
 */
class ErasureIntegrationTest extends IntegrationTest {

    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final String ERASED = "[erased]";

    @Autowired
    ProcessorProgress progress;

    private final Instant start = Instant.parse("2025-11-01T09:00:00Z");
    // every test's users are its own: the database is shared, and a user is erased in every account
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @Test
    void an_erased_user_reads_as_erased_everywhere_and_the_other_user_and_the_events_are_unchanged() {
        Tenant tenant = Tenant.fresh();
        FlowStory shared = story(tenant, start).by(alice).created("planning", "shared")
                .by(bob).then(new PhaseStarted(null, WAVES, 1, Map.of("input", "kept")))
                .by(alice).then(new AssetsDiscovered(null, WAVES, List.of(new DiscoveredAsset("app-1", "billing", "application", Map.of()))))
                .by(alice).then(new PhaseCompleted(null, WAVES, 1, Map.of("waves", 3), Duration.ofSeconds(3)));
        FlowStory bobs = story(tenant, start).by(bob).created("planning", "bob's").then(new FlowPaused(null, "lunch"));
        settled(tenant, shared);
        settled(tenant, bobs);

        List<byte[]> metaDataBefore = storedMetaData(shared, bobs);
        List<byte[]> payloadsBefore = storedPayloads(shared, bobs);
        assertThat(metaDataBefore).hasSize(6).allSatisfy(stored -> assertThat(new String(stored, StandardCharsets.UTF_8))
                .as("the stored metadata holds no plain user id")
                .doesNotContain(alice).doesNotContain(bob).contains("\"userId\":\"enc:v1:"));
        Api auditor = api(Tokens.auditor(tenant));
        JsonNode historyBefore = auditor.get("/api/v1/flows/" + shared.id() + "/history").body();
        assertThat(historyBefore.path("events").findValuesAsText(MetaDataKeys.USER_ID))
                .as("a user's key opens its values").containsExactly(alice, bob, alice, alice);

        Api.Response erased = api(Tokens.admin(tenant)).post("/api/v1/admin/erasure", Map.of("userId", alice));

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.body().path("subject").asText()).isEqualTo("user");
        assertThat(erased.body().path("accountId").asText()).isEqualTo(tenant.account().toString());
        assertThat(erased.body().path("keysDestroyed").asInt()).isEqualTo(1);
        assertThat(erased.text()).doesNotContain(alice);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_erasure WHERE erasure_id = ?::uuid AND requested_by = 'user-admin'",
                Long.class, erased.text("erasureId"))).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_erasure e WHERE e::text LIKE ?", Long.class,
                "%" + alice + "%")).as("the record of the erasure does not name the user").isZero();

        assertErasedEverywhere(tenant, shared, bobs, historyBefore);
        assertThat(storedMetaData(shared, bobs)).as("the stored events are not rewritten")
                .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(metaDataBefore);
        assertThat(storedPayloads(shared, bobs)).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(payloadsBefore);

        rebuildEveryProjection();
        assertErasedEverywhere(tenant, shared, bobs, historyBefore);

        Api.Response again = api(Tokens.admin(tenant)).post("/api/v1/admin/erasure", Map.of("userId", alice));
        assertThat(again.status()).as("erasing twice is harmless: %s", again.text()).isEqualTo(200);
        assertThat(again.body().path("keysDestroyed").asInt()).isZero();
    }

    @Test
    void an_account_erasure_erases_all_its_users_and_no_other_accounts() {
        Tenant erasedTenant = Tenant.fresh();
        Tenant otherTenant = Tenant.fresh();
        FlowStory erasedFlow = story(erasedTenant, start).by(alice).created("planning", "erased account")
                .by(bob).then(new FlowPaused(null, "lunch"));
        // the same user acting in another account keeps its data there: keys are per user within an account
        FlowStory otherFlow = story(otherTenant, start).by(alice).created("planning", "other account");
        settled(erasedTenant, erasedFlow);
        settled(otherTenant, otherFlow);

        assertThat(api(Tokens.admin(erasedTenant)).post("/api/v1/admin/erasure",
                Map.of("accountId", erasedTenant.account().toString())).status())
                .as("a whole account is the platform operator's to erase").isEqualTo(403);
        Api.Response erased = api(Tokens.platformOperator()).post("/api/v1/admin/erasure",
                Map.of("accountId", erasedTenant.account().toString()));

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.body().path("subject").asText()).isEqualTo("account");
        assertThat(erased.body().path("keysDestroyed").asInt()).isEqualTo(2);
        assertThat(api(Tokens.auditor(erasedTenant)).get("/api/v1/flows/" + erasedFlow.id() + "/history").body()
                .path("events").findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(ERASED, ERASED);
        assertThat(api(Tokens.auditor(erasedTenant)).get("/api/v1/audit?flowId=" + erasedFlow.id()).body()
                .path("items").findValuesAsText("userId")).containsOnly(ERASED);
        JsonNode flow = api(Tokens.viewer(erasedTenant)).get("/api/v1/flows/" + erasedFlow.id()).body();
        assertThat(flow.path("createdBy").asText()).isEqualTo(ERASED);
        assertThat(flow.path("lastUser").asText()).isEqualTo(ERASED);
        assertThat(flow.path("name").asText()).as("the rest of the flow stays").isEqualTo("erased account");

        assertThat(api(Tokens.auditor(otherTenant)).get("/api/v1/flows/" + otherFlow.id() + "/history").body()
                .path("events").findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(alice);
        assertThat(api(Tokens.viewer(otherTenant)).get("/api/v1/flows/" + otherFlow.id()).body().path("createdBy").asText())
                .isEqualTo(alice);
    }

    @Test
    void an_account_erasure_erases_the_personal_fields_of_its_flows_payloads_and_nothing_else() {
        Tenant erasedTenant = Tenant.fresh();
        Tenant otherTenant = Tenant.fresh();
        String contact = "jane-" + UUID.randomUUID() + "@example.org";
        String owner = "bob-" + UUID.randomUUID() + "@example.org";
        List<PhaseDefinition> phases = List.of(new PhaseDefinition(WAVES, true, null, RetryPolicy.NONE, List.of(), null,
                List.of("input.contactEmail", "output.owner.email")));
        Map<String, Object> input = Map.of("contactEmail", contact, "ticket", "T-1");
        Map<String, Object> output = Map.of("owner", Map.of("email", owner, "team", "ops"), "waves", 3);
        // a value is sealed for its flow, so these events name theirs
        FlowStory erasedFlow = story(erasedTenant, start).by(alice).created("intake", "erased account", phases);
        erasedFlow.thenWithPersonal(new PhaseStarted(erasedFlow.id(), WAVES, 1, input), "input.contactEmail")
                .thenWithPersonal(new PhaseCompleted(erasedFlow.id(), WAVES, 1, output, Duration.ofSeconds(3)), "output.owner.email");
        FlowStory otherFlow = story(otherTenant, start).by(alice).created("intake", "other account", phases);
        otherFlow.thenWithPersonal(new PhaseStarted(otherFlow.id(), WAVES, 1, input), "input.contactEmail");
        settled(erasedTenant, erasedFlow);
        settled(otherTenant, otherFlow);

        // the command side's snapshots of both flows, which hold a flow's last input and output as it read them
        for (FlowStory each : List.of(erasedFlow, otherFlow)) {
            Tenant tenantOf = each == erasedFlow ? erasedTenant : otherTenant;
            jdbc.update("INSERT INTO task_flow (flow_id, client_account_id, engagement_id, flow_type, handlers)"
                    + " VALUES (?, ?, ?, 'intake', '{}'::jsonb)", each.idText(), tenantOf.account(), tenantOf.engagement());
            jdbc.update("INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload,"
                    + " payloadtype, timestamp) VALUES (?, 2, 'Flow', ?, ?, 'io.masterflow.command.flow.Flow', ?)",
                    each.idText(), UUID.randomUUID().toString(), ("{\"attemptInput\":{\"contactEmail\":\"" + contact + "\"}}")
                            .getBytes(StandardCharsets.UTF_8), start.toString());
        }
        List<byte[]> payloadsBefore = storedPayloads(erasedFlow, otherFlow);
        assertThat(payloadsBefore).allSatisfy(stored -> assertThat(new String(stored, StandardCharsets.UTF_8))
                .as("the stored payloads hold no marked value").doesNotContain(contact).doesNotContain(owner));
        Api auditor = api(Tokens.auditor(erasedTenant));
        JsonNode historyBefore = auditor.get("/api/v1/flows/" + erasedFlow.id() + "/history").body();
        assertThat(historyBefore.path("events").path(1).path("payload").path("input").path("contactEmail").asText())
                .as("the owner reads them").isEqualTo(contact);
        assertThat(historyBefore.path("events").path(2).path("payload").path("output").path("owner").path("email").asText())
                .isEqualTo(owner);

        Api.Response erased = api(Tokens.platformOperator()).post("/api/v1/admin/erasure",
                Map.of("accountId", erasedTenant.account().toString()));

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.body().path("keysDestroyed").asInt()).as("alice's key in the account, and the account's own")
                .isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT aggregateidentifier FROM snapshotevententry WHERE aggregateidentifier IN (?, ?)",
                String.class, erasedFlow.idText(), otherFlow.idText()))
                .as("the erased account's flows are read from their events again").containsExactly(otherFlow.idText());
        assertPayloadsErased(erasedTenant, erasedFlow, otherTenant, otherFlow, historyBefore, contact, owner);
        assertThat(storedPayloads(erasedFlow, otherFlow)).as("the stored events are not rewritten")
                .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(payloadsBefore);

        rebuildEveryProjection();
        assertPayloadsErased(erasedTenant, erasedFlow, otherTenant, otherFlow, historyBefore, contact, owner);
    }

    private void assertPayloadsErased(Tenant erasedTenant, FlowStory erasedFlow, Tenant otherTenant, FlowStory otherFlow,
                                      JsonNode historyBefore, String contact, String owner) {
        JsonNode history = api(Tokens.auditor(erasedTenant)).get("/api/v1/flows/" + erasedFlow.id() + "/history").body();
        assertThat(history.toString()).as("the marked values and the users are erased, nothing else changed")
                .isEqualTo(historyBefore.toString().replace(contact, ERASED).replace(owner, ERASED).replace(alice, ERASED));
        assertThat(history.path("events").path(1).path("payload").path("input").path("ticket").asText()).isEqualTo("T-1");
        assertThat(history.path("events").path(2).path("payload").path("output").path("owner").path("team").asText())
                .isEqualTo("ops");
        JsonNode other = api(Tokens.auditor(otherTenant)).get("/api/v1/flows/" + otherFlow.id() + "/history").body();
        assertThat(other.path("events").path(1).path("payload").path("input").path("contactEmail").asText())
                .as("another account's flow keeps its values").isEqualTo(contact);
        for (String format : List.of("csv", "jsonl")) {
            assertThat(api(Tokens.auditor(erasedTenant)).get("/api/v1/audit/export?format=" + format).text()).as(format)
                    .doesNotContain(contact).doesNotContain(owner);
        }
        JsonNode pastState = api(Tokens.auditor(erasedTenant)).get("/api/v1/flows/" + erasedFlow.id() + "/state?version=2").body();
        assertThat(pastState.toString()).as("time travel").doesNotContain(contact).doesNotContain(owner);
    }

    @Test
    void a_platform_operator_erases_a_user_in_every_account_an_admin_in_its_own_only() {
        Tenant first = Tenant.fresh();
        Tenant second = Tenant.fresh();
        FlowStory inFirst = settled(first, story(first, start).by(alice).created("planning", "first"));
        FlowStory inSecond = settled(second, story(second, start).by(alice).created("planning", "second"));

        assertThat(api(Tokens.admin(first)).post("/api/v1/admin/erasure", Map.of("userId", alice)).status()).isEqualTo(200);
        assertThat(createdBy(first, inFirst)).isEqualTo(ERASED);
        assertThat(createdBy(second, inSecond)).as("an admin reaches its own account only").isEqualTo(alice);

        assertThat(api(Tokens.platformOperator()).post("/api/v1/admin/erasure", Map.of("userId", alice)).status()).isEqualTo(200);
        assertThat(createdBy(second, inSecond)).isEqualTo(ERASED);
        assertThat(api(Tokens.auditor(second)).get("/api/v1/flows/" + inSecond.id() + "/history").body()
                .path("events").findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(ERASED);
    }

    @Test
    void bad_requests_are_refused_with_a_problem_and_only_admins_and_the_platform_operator_may_erase() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));

        for (String body : List.of("", "{}", "{\"userId\": \"a\", \"accountId\": \"" + tenant.account() + "\"}",
                "{\"userId\": \"  \"}", "{\"accountId\": \"not-a-uuid\"}")) {
            Api.Response refused = admin.post("/api/v1/admin/erasure", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).contains("application/problem+json");
            assertThat(refused.text("detail")).as(body).isNotBlank();
        }
        assertThat(api(Tokens.viewer(tenant)).post("/api/v1/admin/erasure", Map.of("userId", alice)).status()).isEqualTo(403);
        assertThat(api(Tokens.auditor(tenant)).post("/api/v1/admin/erasure", Map.of("userId", alice)).status()).isEqualTo(403);
        assertThat(api(null).post("/api/v1/admin/erasure", Map.of("userId", alice)).status()).isEqualTo(401);
    }

    @Test
    void metadata_stored_before_sealing_existed_reads_as_it_was_stored() {
        Tenant tenant = Tenant.fresh();
        FlowStory story = settled(tenant, story(tenant, start).by(alice).created("planning", "older"));
        // as an event of a store written before this version: the same metadata, in plain JSON (the read models,
        // which other tests rebuild, stay what the events say)
        MetaData asRead = eventStore.readEvents(story.idText()).next().getMetaData();
        byte[] plain = EventSerialization.serializer().serialize(asRead, byte[].class).getData();
        jdbc.update("UPDATE domainevententry SET metadata = ? WHERE aggregateidentifier = ?", plain, story.idText());
        assertThat(new String(storedMetaData(story).get(0), StandardCharsets.UTF_8)).contains("\"userId\":\"" + alice + "\"");

        assertThat(api(Tokens.auditor(tenant)).get("/api/v1/flows/" + story.id() + "/history").body()
                .path("events").findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(alice);
    }

    private void assertErasedEverywhere(Tenant tenant, FlowStory shared, FlowStory bobs, JsonNode historyBefore) {
        Api auditor = api(Tokens.auditor(tenant));
        Api viewer = api(Tokens.viewer(tenant));
        JsonNode history = auditor.get("/api/v1/flows/" + shared.id() + "/history").body();
        assertThat(history.path("events").findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(ERASED, bob, ERASED, ERASED);
        assertThat(history.toString()).as("nothing but the user changed: payloads, sequence, ids, times, tenant")
                .isEqualTo(historyBefore.toString().replace(alice, ERASED));
        assertThat(auditor.get("/api/v1/flows/" + bobs.id() + "/history").body().path("events")
                .findValuesAsText(MetaDataKeys.USER_ID)).containsExactly(bob, bob);

        JsonNode pastState = auditor.get("/api/v1/flows/" + shared.id() + "/state?version=1").body();
        assertThat(pastState.path("createdBy").asText()).as("time travel").isEqualTo(ERASED);
        assertThat(pastState.path("lastUser").asText()).isEqualTo(bob);

        assertThat(auditor.get("/api/v1/audit?flowId=" + shared.id()).body().path("items").findValuesAsText("userId"))
                .containsExactlyInAnyOrder(ERASED, bob, ERASED, ERASED);
        assertThat(auditor.get("/api/v1/audit?userId=" + alice).body().path("items")).isEmpty();
        assertThat(auditor.get("/api/v1/audit?userId=" + bob).body().path("items")).hasSize(3);
        for (String format : List.of("csv", "jsonl")) {
            String export = auditor.get("/api/v1/audit/export?format=" + format).text();
            assertThat(export).as(format).doesNotContain(alice).contains(ERASED).contains(bob);
        }

        JsonNode flow = viewer.get("/api/v1/flows/" + shared.id()).body();
        assertThat(flow.path("createdBy").asText()).isEqualTo(ERASED);
        assertThat(flow.path("lastUser").asText()).isEqualTo(ERASED);
        assertThat(flow.path("version").asLong()).isEqualTo(3);
        assertThat(viewer.get("/api/v1/flows/" + bobs.id()).body().path("createdBy").asText()).isEqualTo(bob);
        assertThat(viewer.get("/api/v1/flows/" + shared.id() + "/assets").body().path("items").path(0)
                .path("discoveredBy").asText()).isEqualTo(ERASED);
        assertThat(viewer.get("/api/v1/flows?limit=100").text()).doesNotContain(alice);
    }

    private void rebuildEveryProjection() {
        eventually(() -> progress.all().stream().allMatch(processor -> Long.valueOf(0).equals(processor.lag())),
                "every processor has caught up with the event store");
        Api operator = api(Tokens.platformOperator());
        for (String projection : QueryProcessors.ALL) {
            Api.Response started = operator.post("/api/v1/admin/projections/" + projection + "/rebuild");
            assertThat(started.status()).as(started.text()).isEqualTo(202);
        }
        for (String projection : QueryProcessors.ALL) {
            eventually(Duration.ofSeconds(60), () -> {
                Api.Response status = operator.get("/api/v1/admin/projections/" + projection);
                String state = status.body().path("rebuild").path("state").asText();
                assertThat(state).as("rebuild of %s: %s", projection, status.text()).isNotEqualTo("FAILED");
                return state.equals("COMPLETED");
            }, "the rebuild of " + projection + " has switched over");
        }
    }

    private String createdBy(Tenant tenant, FlowStory story) {
        return api(Tokens.viewer(tenant)).get("/api/v1/flows/" + story.id()).body().path("createdBy").asText();
    }

    private FlowStory settled(Tenant tenant, FlowStory story) {
        awaitProjected(tenant, story);
        awaitAudited(story);
        return story;
    }

    private List<byte[]> storedMetaData(FlowStory... stories) {
        return stored("metadata", stories);
    }

    private List<byte[]> storedPayloads(FlowStory... stories) {
        return stored("payload", stories);
    }

    private List<byte[]> stored(String column, FlowStory... stories) {
        return jdbc.queryForList("SELECT " + column + " FROM domainevententry WHERE aggregateidentifier = ANY (?) "
                + "ORDER BY globalindex", byte[].class, (Object) java.util.Arrays.stream(stories).map(FlowStory::idText).toArray(String[]::new));
    }
}
