package io.masterflow.legacy;

import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Another tenant's flow looks, on every legacy path, exactly like a flow that does not exist. */
class LegacyIsolationTest extends LegacyApplicationTest {

    private final Tenant owner = Tenant.fresh();
    private final Tenant stranger = Tenant.fresh();

    private String ownersFlow() {
        Api.Response created = as(owner.client()).post("/api/v1/orchestration/flows/start", Map.of("flow_type", "discovery",
                "flow_name", "owned", "engagement_id", owner.engagement().toString(), "auto_start", false));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.field("flow_id");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"another account", "another engagement of the account"})
    void every_path_answers_another_tenants_flow_like_a_missing_one(String who) {
        String flowId = ownersFlow();
        Api outsider = as(who.equals("another account") ? stranger.client() : owner.otherEngagement());
        Api missing = as(owner.client());
        String unknown = "9b2f1c3e-1111-4111-8111-111111111111";

        for (String path : new String[] {"/api/v1/discovery/flows/%s", "/api/v1/discovery/flows/%s/status",
                "/api/v1/orchestration/flows/%s", "/api/v1/flows/%s/status", "/api/v1/flows/%s"}) {
            assertSameAnswer(outsider.get(path.formatted(flowId)), missing.get(path.formatted(unknown)), flowId, unknown);
        }
        for (String path : new String[] {"/api/v1/discovery/flows/%s/pause", "/api/v1/discovery/flows/%s/resume"}) {
            assertSameAnswer(outsider.post(path.formatted(flowId), null), missing.post(path.formatted(unknown), null), flowId, unknown);
        }
        assertSameAnswer(outsider.delete("/api/v1/discovery/flows/" + flowId), missing.delete("/api/v1/discovery/flows/" + unknown),
                flowId, unknown);
        assertSameAnswer(outsider.post("/api/v1/crewai/flows/execute", Map.of("flow_id", flowId)),
                missing.post("/api/v1/crewai/flows/execute", Map.of("flow_id", unknown)), flowId, unknown);
        assertThat(outsider.get("/api/v1/discovery/flows").body().path("total").asLong()).isZero();
        // nothing was changed by the attempts
        assertThat(as(owner.client()).get("/api/v1/discovery/flows/" + flowId).body().path("status").asText()).isEqualTo("initialized");
    }

    private static void assertSameAnswer(Api.Response foreign, Api.Response missing, String flowId, String unknown) {
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(foreign.text().replace(flowId, "ID")).isEqualTo(missing.text().replace(unknown, "ID"));
    }

    @Test
    void a_body_naming_another_account_or_an_engagement_the_token_lacks_is_forbidden() {
        Api client = as(owner.client());

        Api.Response otherAccount = client.post("/api/v1/discovery/flows/create", Map.of("flow_name", "x",
                "engagement_id", owner.engagement().toString(), "client_account_id", stranger.account().toString()));
        Api.Response otherEngagement = client.post("/api/v1/discovery/flows/create", Map.of("flow_name", "x",
                "engagement_id", stranger.engagement().toString()));

        assertThat(otherAccount.status()).isEqualTo(403);
        assertThat(otherEngagement.status()).isEqualTo(403);
        assertThat(otherEngagement.field("detail")).contains("does not grant engagement");
    }

    @Test
    void a_viewer_may_read_but_not_change() {
        String flowId = ownersFlow();
        Api viewer = as(io.masterflow.testsupport.TestTokens.token("viewer", owner.account(),
                java.util.List.of(owner.engagement().toString()), io.masterflow.security.Roles.FLOW_VIEWER));

        assertThat(viewer.get("/api/v1/discovery/flows/" + flowId).status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/discovery/flows/" + flowId + "/pause", null).status()).isEqualTo(403);
    }
}
