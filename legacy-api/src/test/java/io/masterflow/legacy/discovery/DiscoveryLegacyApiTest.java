package io.masterflow.legacy.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A legacy client of the discovery service, on masterflow: the calls, their shapes and their vocabulary. */
class DiscoveryLegacyApiTest extends LegacyApplicationTest {

    private static final List<String> LATER_PHASES = List.of("attribute_mapping", "data_cleansing", "inventory",
            "dependency_analysis", "tech_debt_analysis");
    private static final List<String> FLAGS = List.of("data_import_completed", "attribute_mapping_completed",
            "data_cleansing_completed", "inventory_completed", "dependencies_completed", "tech_debt_completed");

    private final Tenant tenant = Tenant.fresh();

    private Api client() {
        return as(tenant.client());
    }

    private String create(String name) {
        Api.Response created = client().post("/api/v1/discovery/flows/create",
                Map.of("flow_name", name, "engagement_id", tenant.engagement().toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.field("flow_id");
    }

    @Test
    void a_discovery_flow_goes_from_creation_to_completion_through_legacy_calls_with_its_flags_and_progress_moving() {
        Api.Response created = client().post("/api/v1/discovery/flows/create", Map.of("flow_name", "Datacenter West",
                "engagement_id", tenant.engagement().toString(), "flow_configuration", Map.of("source", "cmdb")));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode flow = created.body();
        String flowId = flow.path("flow_id").asText();
        assertThat(flow.path("master_flow_id").asText()).isEqualTo(flowId);
        assertThat(flow.path("client_account_id").asText()).isEqualTo(tenant.account().toString());
        assertThat(flow.path("engagement_id").asText()).isEqualTo(tenant.engagement().toString());
        assertThat(flow.path("user_id").asText()).isEqualTo("legacy-client");
        assertThat(flow.path("flow_name").asText()).isEqualTo("Datacenter West");
        assertThat(flow.path("status").asText()).isEqualTo("initialized");
        assertThat(flow.path("current_phase").asText()).isEqualTo("data_import");
        assertThat(flow.path("progress_percentage").asDouble()).isZero();
        FLAGS.forEach(flag -> assertThat(flow.path(flag).asBoolean()).as(flag).isFalse());
        assertThat(flow.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        assertThat(flow.path("completed_at").isNull()).isTrue();

        // the import runs in-process on the inventory given as the phase's input
        Api.Response importing = client().post("/api/v1/crewai/flows/execute", Map.of("flow_id", flowId,
                "phase_input", Map.of("source", "csv", "inventory", "name,kind\nweb-1,server\n")));
        assertThat(importing.status()).as(importing.text()).isEqualTo(200);
        assertThat(importing.body().path("phase").asText()).isEqualTo("data_import");
        assertThat(importing.body().path("status").asText()).isEqualTo("running");
        assertThat(importing.body().path("attempt").asInt()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> client().get("/api/v1/discovery/flows/" + flowId).body().path("data_import_completed").asBoolean());

        Api worker = as(tenant.worker());
        for (int done = 1; done <= LATER_PHASES.size(); done++) {
            String phase = LATER_PHASES.get(done - 1);
            Api.Response executed = client().post("/api/v1/crewai/flows/execute", Map.of("flow_id", flowId));
            assertThat(executed.status()).as(executed.text()).isEqualTo(200);
            assertThat(executed.body().path("phase").asText()).as("legacy name of " + phase)
                    .isEqualTo(Map.of("attribute_mapping", "field_mapping", "inventory", "asset_inventory",
                            "tech_debt_analysis", "tech_debt_assessment").getOrDefault(phase, phase));
            JsonNode task = worker.post("/api/v1/tasks/claim", Map.of("flowTypes", List.of("discovery"), "waitSeconds", 5))
                    .body().path("tasks").path(0);
            assertThat(task.path("flowId").asText()).isEqualTo(flowId);
            assertThat(worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of()).status()).isEqualTo(200);

            JsonNode status = client().get("/api/v1/discovery/flows/" + flowId + "/status").body();
            assertThat(status.path("progress_percentage").asDouble()).isEqualTo(Math.floorDiv(100 * (done + 1), 6));
            assertThat(status.path(FLAGS.get(done)).asBoolean()).as(FLAGS.get(done)).isTrue();
        }

        JsonNode completed = client().get("/api/v1/discovery/flows/" + flowId).body();
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("progress_percentage").asDouble()).isEqualTo(100.0);
        assertThat(completed.path("current_phase").isNull()).isTrue();
        FLAGS.forEach(flag -> assertThat(completed.path(flag).asBoolean()).as(flag).isTrue());
        assertThat(completed.path("completed_at").isNull()).isFalse();
    }

    @Test
    void pause_resume_and_delete_through_legacy_paths_are_ordinary_commands_the_audit_trail_shows_as_legacy() {
        String flowId = create("to be paused");

        Api.Response paused = client().post("/api/v1/discovery/flows/" + flowId + "/pause", Map.of("reason", "client review"));
        assertThat(paused.status()).as(paused.text()).isEqualTo(200);
        assertThat(paused.body().path("status").asText()).isEqualTo("paused");
        assertThat(client().post("/api/v1/discovery/flows/" + flowId + "/resume", null).body().path("status").asText())
                .isEqualTo("initialized");
        Api.Response deleted = client().delete("/api/v1/discovery/flows/" + flowId + "?reason=duplicate");
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.body().path("status").asText()).isEqualTo("deleted");

        // the same events as the current API's, with the path family they came through
        Api auditor = as(tenant.auditor());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(auditor.get("/api/v1/audit?flowId=" + flowId).body().path("items"))
                .extracting(item -> item.path("eventType").asText() + "/" + item.path("via").asText())
                .containsExactly("FlowCreated/legacy-discovery", "FlowPaused/legacy-discovery", "FlowResumed/legacy-discovery",
                        "FlowDeleted/legacy-discovery"));
        Api.Response gone = client().post("/api/v1/discovery/flows/" + flowId + "/pause", null);
        assertThat(gone.status()).isEqualTo(410);
    }

    @Test
    void the_list_filters_by_legacy_status_and_pages_by_offset_with_the_total() {
        String first = create("first");
        String second = create("second");
        String third = create("third");
        client().post("/api/v1/discovery/flows/" + second + "/pause", null);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode page = client().get("/api/v1/discovery/flows?limit=2&offset=0").body();
            assertThat(page.path("total").asLong()).isEqualTo(3);
            assertThat(page.path("limit").asInt()).isEqualTo(2);
            assertThat(page.path("flows")).extracting(flow -> flow.path("flow_id").asText()).containsExactly(third, second);
        });
        JsonNode next = client().get("/api/v1/discovery/flows?limit=2&offset=2").body();
        assertThat(next.path("offset").asLong()).isEqualTo(2);
        assertThat(next.path("flows")).extracting(flow -> flow.path("flow_id").asText()).containsExactly(first);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(client().get("/api/v1/discovery/flows?status=paused").body().path("flows"))
                .extracting(flow -> flow.path("flow_id").asText()).containsExactly(second));
        Api.Response unknownStatus = client().get("/api/v1/discovery/flows?status=sleeping");
        assertThat(unknownStatus.status()).isEqualTo(400);
        assertThat(unknownStatus.field("field")).isEqualTo("status");
    }

    @Test
    void the_same_idempotency_key_creates_one_flow() {
        Api keyed = client().withHeader("Idempotency-Key", "import-42");
        Map<String, String> body = Map.of("flow_name", "once", "engagement_id", tenant.engagement().toString());

        String first = keyed.post("/api/v1/discovery/flows/create", body).field("flow_id");
        String again = keyed.post("/api/v1/discovery/flows/create", body).field("flow_id");

        assertThat(again).isEqualTo(first);
    }

    @Test
    void errors_read_as_fastapi_detail_and_as_problem_json_typed_application_json() {
        Api.Response missingName = client().post("/api/v1/discovery/flows/create", Map.of("engagement_id", tenant.engagement().toString()));
        assertThat(missingName.status()).isEqualTo(400);
        assertThat(missingName.header("Content-Type")).startsWith("application/json");
        assertThat(missingName.field("detail")).isEqualTo("'flow_name' is required");
        assertThat(missingName.field("field")).isEqualTo("flow_name");
        assertThat(missingName.body().path("status").asInt()).isEqualTo(400);
        assertThat(missingName.field("type")).isEqualTo("urn:masterflow:problem:bad-request");

        String flowId = create("not paused");
        Api.Response conflict = client().post("/api/v1/discovery/flows/" + flowId + "/resume", null);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.header("Content-Type")).startsWith("application/json");
        assertThat(conflict.field("detail")).contains("not paused");

        Api.Response unauthenticated = as(null).get("/api/v1/discovery/flows/" + flowId);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("Content-Type")).startsWith("application/json");
        assertThat(unauthenticated.field("detail")).isNotBlank();
    }

    @Test
    void every_legacy_answer_carries_deprecation_sunset_and_the_successors_link() {
        String flowId = create("deprecated");

        for (Api.Response answer : List.of(client().get("/api/v1/discovery/flows/" + flowId),
                client().get("/api/v1/discovery/flows/no-such-flow"), as(null).get("/api/v1/discovery/flows/" + flowId))) {
            assertThat(answer.header("Deprecation")).as(answer.toString()).matches("@\\d+");
            assertThat(answer.header("Sunset")).as(answer.toString()).endsWith(" GMT");
        }
        assertThat(client().get("/api/v1/discovery/flows/" + flowId).header("Link"))
                .isEqualTo("</api/v1/flows/" + flowId + ">; rel=\"successor-version\"");
        assertThat(client().post("/api/v1/discovery/flows/" + flowId + "/pause", null).header("Link"))
                .isEqualTo("</api/v1/flows/" + flowId + "/pause>; rel=\"successor-version\"");
        assertThat(client().get("/api/v1/discovery/flows").header("Link"))
                .isEqualTo("</api/v1/flows?flowType=discovery>; rel=\"successor-version\"");
        // the current API is not deprecated
        assertThat(client().get("/api/v1/flows/" + flowId).header("Deprecation")).isNull();
    }
}
