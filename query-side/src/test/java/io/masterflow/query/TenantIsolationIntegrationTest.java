package io.masterflow.query;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another account, or another engagement of the same account, never sees, counts or exports anything of a flow:
 * every answer about it is the answer about a flow that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIntegrationTest extends IntegrationTest {

    private final Tenant owner = Tenant.fresh();
    private FlowStory flow;

    @BeforeAll
    void aFlowOfTheOwner() {
        flow = story(owner, Instant.parse("2025-07-01T09:00:00Z")).created("planning", "secret plan")
                .then(new PhaseStarted(null, PhaseName.of("wave_planning"), 1, Map.of()))
                .then(new FlowPaused(null, "hold"));
        awaitProjected(owner, flow);
        awaitAudited(flow);
    }

    @Test
    void the_owner_sees_the_flow_everywhere() {
        Api owners = api(Tokens.token(owner.account(), List.of("*"), Roles.FLOW_VIEWER, Roles.AUDITOR));

        assertThat(owners.get("/api/v1/flows").body().path("items")).hasSize(1);
        assertThat(owners.get("/api/v1/flows/" + flow.id()).status()).isEqualTo(200);
        assertThat(owners.get("/api/v1/flows/" + flow.id() + "/history").status()).isEqualTo(200);
        assertThat(owners.get("/api/v1/flows/" + flow.id() + "/state").status()).isEqualTo(200);
        assertThat(owners.get("/api/v1/audit").body().path("items")).hasSize(3);
    }

    @Test
    void another_account_sees_nothing_of_it() {
        assertSeesNothing(api(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.FLOW_VIEWER, Roles.AUDITOR)));
    }

    @Test
    void another_engagement_of_the_same_account_sees_nothing_of_it() {
        Tenant neighbour = owner.otherEngagement();
        assertSeesNothing(api(Tokens.token(neighbour.account(), List.of(neighbour.engagement().toString()),
                Roles.FLOW_VIEWER, Roles.AUDITOR)));
    }

    @Test
    void a_token_with_no_engagement_sees_nothing() {
        assertSeesNothing(api(Tokens.token(owner.account(), List.of(), Roles.FLOW_VIEWER, Roles.AUDITOR)));
    }

    private void assertSeesNothing(Api intruder) {
        String missing = FlowId.random().toString();
        for (String query : List.of("", "?includeDeleted=true", "?status=PAUSED", "?q=secret", "?flowType=planning")) {
            JsonNode page = intruder.get("/api/v1/flows" + query).body();
            assertThat(page.path("items")).as(query).isEmpty();
            assertThat(page.path("nextCursor").isNull()).as(query).isTrue();
        }
        for (String path : List.of("", "/history", "/state", "/state?version=1", "?minVersion=0&waitMs=200")) {
            Api.Response theirs = intruder.get("/api/v1/flows/" + flow.id() + path);
            Api.Response none = intruder.get("/api/v1/flows/" + missing + path);
            assertThat(theirs.status()).as(path).isEqualTo(404);
            assertThat(withoutId(theirs.body(), flow.idText())).as(path).isEqualTo(withoutId(none.body(), missing));
        }
        assertThat(intruder.get("/api/v1/audit").body().path("items")).isEmpty();
        assertThat(intruder.get("/api/v1/audit?flowId=" + flow.id()).body().path("items")).isEmpty();
        assertThat(intruder.get("/api/v1/audit/export?format=jsonl").text()).isEmpty();
        assertThat(intruder.get("/api/v1/audit/export?format=csv&flowId=" + flow.id()).text().lines()).hasSize(1);
    }

    private static String withoutId(JsonNode problem, String id) {
        return problem.toString().replace(id, "<id>");
    }
}
