package io.masterflow.legacy.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A migrated flow is found by the legacy id its clients hold, on the legacy paths and on the current API's flow paths,
 * through the flow-status read model; a flow's own id wins over another flow's legacy id.
 */
class LegacyFlowIdsTest extends LegacyApplicationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    FlowTypeRegistry flowTypes;

    private final Tenant tenant = Tenant.fresh();

    /** A flow as the migration tool appends it: its first event carries the legacy id. */
    private FlowId migrated(Tenant owner, String legacyFlowId) {
        FlowId flowId = FlowId.derivedFrom("legacy:crewai_flow_state_extensions:" + legacyFlowId + ":" + owner.account());
        var discovery = flowTypes.latest("discovery").orElseThrow();
        eventStore.publish(new GenericDomainEventMessage<>("Flow", flowId.toString(), 0,
                new LegacyFlowImported(flowId, new FlowTypeRef("discovery", discovery.version()), "migrated " + legacyFlowId,
                        Map.of("source", "cmdb"), discovery.phases(), FlowStatus.CREATED, "initialized", legacyFlowId,
                        "crewai_flow_state_extensions", Instant.parse("2025-03-01T08:59:00Z"), Map.of()),
                MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, owner.account().toString())
                        .and(MetaDataKeys.ENGAGEMENT_ID, owner.engagement().toString())
                        .and(MetaDataKeys.USER_ID, "migration")));
        await().atMost(PATIENCE).until(() -> as(owner.client()).get("/api/v1/flows/" + flowId).status() == 200);
        return flowId;
    }

    @Test
    void a_legacy_id_that_is_not_a_uuid_names_the_migrated_flow_on_every_path() {
        FlowId flowId = migrated(tenant, "disc-2023-0042");
        Api client = as(tenant.client());

        JsonNode current = client.get("/api/v1/flows/disc-2023-0042").body();
        assertThat(current.path("flowId").asText()).isEqualTo(flowId.toString());
        assertThat(current.path("legacyFlowId").asText()).isEqualTo("disc-2023-0042");
        JsonNode discovery = client.get("/api/v1/discovery/flows/disc-2023-0042").body();
        assertThat(discovery.path("flow_id").asText()).as("legacy answers carry the legacy id").isEqualTo("disc-2023-0042");
        assertThat(discovery.path("master_flow_id").asText()).isEqualTo(flowId.toString());
        assertThat(discovery.path("created_at").asText()).isEqualTo("2025-03-01T08:59:00.000000+00:00");
        assertThat(client.get("/api/v1/orchestration/flows/disc-2023-0042").body().path("id").asText()).isEqualTo(flowId.toString());

        // commands too, through the current API's paths
        assertThat(client.post("/api/v1/flows/disc-2023-0042/pause", Map.of("reason", "freeze")).status()).isEqualTo(200);
        assertThat(as(tenant.auditor()).get("/api/v1/flows/disc-2023-0042/history").body().path("events")).hasSize(2);
        assertThat(client.get("/api/v1/discovery/flows/disc-2023-0042").body().path("status").asText()).isEqualTo("paused");
    }

    @Test
    void a_legacy_id_that_is_a_uuid_names_the_migrated_flow() {
        String legacyId = UUID.randomUUID().toString();
        FlowId flowId = migrated(tenant, legacyId);

        assertThat(as(tenant.client()).get("/api/v1/flows/" + legacyId).body().path("flowId").asText()).isEqualTo(flowId.toString());
        Api.Response execute = as(tenant.client()).post("/api/v1/crewai/flows/execute", Map.of("flow_id", legacyId,
                "phase", "data_import", "input", Map.of("source", "csv", "inventory", "name,kind\nweb-1,server\n")));
        assertThat(execute.status()).as(execute.text()).isEqualTo(200);
        assertThat(execute.field("flow_id")).isEqualTo(legacyId);
    }

    @Test
    void a_flows_own_id_wins_over_another_flows_legacy_id() {
        String ownId = as(tenant.client()).post("/api/v1/flows/create", Map.of("flow_type", "planning", "flow_name", "own",
                "engagement_id", tenant.engagement().toString())).field("id");
        FlowId migrated = migrated(tenant, ownId);

        JsonNode named = as(tenant.client()).get("/api/v1/flows/" + ownId).body();

        assertThat(named.path("flowId").asText()).isEqualTo(ownId);
        assertThat(named.path("name").asText()).isEqualTo("own");
        assertThat(as(tenant.client()).get("/api/v1/orchestration/flows/" + ownId).body().path("id").asText()).isEqualTo(ownId);
        assertThat(migrated.toString()).isNotEqualTo(ownId);
    }

    @Test
    void another_tenants_legacy_id_names_nothing_and_its_own_flows_id_is_no_legacy_id_of_ours() {
        Tenant other = Tenant.fresh();
        migrated(other, "disc-shared-0001");

        assertThat(as(tenant.client()).get("/api/v1/flows/disc-shared-0001").status()).isEqualTo(404);
        assertThat(as(tenant.client()).get("/api/v1/discovery/flows/disc-shared-0001").status()).isEqualTo(404);
        assertThat(as(other.client()).get("/api/v1/discovery/flows/disc-shared-0001").status()).isEqualTo(200);
    }
}
