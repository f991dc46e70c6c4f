package io.masterflow.command.asset;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Flow-operators judge the assets a flow discovered; an asset the flow did not discover is not found. */
class AssetValidationIntegrationTest extends IntegrationTest {

    private String flowWithAssets() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv",
                "inventory", "asset_id,name,kind\nsrv-1,app server,server\ndb-1,orders,database\n")));
        awaitEvents(flow, types -> types.contains("PhaseCompleted"));
        return flow;
    }

    @Test
    void an_operator_validates_and_rejects_discovered_assets() {
        String flow = flowWithAssets();

        Api.Response validated = api.post("/api/v1/flows/" + flow + "/assets/srv-1/validate", Map.of("verdict", "validated", "notes", "seen in vCenter"));
        Api.Response rejected = api.post("/api/v1/flows/" + flow + "/assets/db-1/validate", Map.of("verdict", "REJECTED", "notes", "decommissioned"));

        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.text("verdict")).isEqualTo("validated");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(eventTypes(flow)).endsWith("AssetValidated", "AssetValidated");
        assertThat(event(flow, 4).path("assetId").asText()).isEqualTo("srv-1");
        assertThat(event(flow, 4).path("verdict").asText()).isEqualTo("VALIDATED");
        assertThat(event(flow, 5).path("notes").asText()).isEqualTo("decommissioned");
    }

    @Test
    void an_asset_the_flow_did_not_discover_is_not_found_and_a_wrong_verdict_is_invalid() {
        String flow = flowWithAssets();
        long events = eventCount(flow);

        Api.Response unknown = api.post("/api/v1/flows/" + flow + "/assets/srv-99/validate", Map.of("verdict", "validated"));
        Api.Response wrongVerdict = api.post("/api/v1/flows/" + flow + "/assets/srv-1/validate", Map.of("verdict", "maybe"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("detail")).contains("discovered no asset 'srv-99'");
        assertThat(wrongVerdict.status()).isEqualTo(400);
        assertThat(wrongVerdict.text("field")).isEqualTo("verdict");
        assertThat(eventCount(flow)).isEqualTo(events);
    }

    @Test
    void only_operators_of_the_flow_may_judge_its_assets() {
        String flow = flowWithAssets();
        Api viewer = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_VIEWER));
        Api stranger = api.as(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.FLOW_OPERATOR));

        assertThat(viewer.post("/api/v1/flows/" + flow + "/assets/srv-1/validate", Map.of("verdict", "validated")).status()).isEqualTo(403);
        assertThat(stranger.post("/api/v1/flows/" + flow + "/assets/srv-1/validate", Map.of("verdict", "validated")).status()).isEqualTo(404);
    }
}
