package io.masterflow.command.asset;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery version 2 imports the inventory given to data_import in-process, row by row. */
class AssetImportIntegrationTest extends IntegrationTest {

    private String importing(Map<String, Object> input) {
        String flow = createFlow("discovery", false);
        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", input));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return flow;
    }

    private List<JsonNode> assets(String flow) {
        List<JsonNode> assets = new ArrayList<>();
        List<String> types = eventTypes(flow);
        for (int sequence = 0; sequence < types.size(); sequence++) {
            if (types.get(sequence).equals("AssetsDiscovered")) {
                event(flow, sequence).path("assets").forEach(assets::add);
            }
        }
        return assets;
    }

    @Test
    void every_row_of_a_csv_inventory_becomes_an_asset_or_a_reported_error() {
        String csv = """
                asset_id,name,kind,os,cpu
                srv-1,app server 1,server,linux,4
                ,orders db,database,,
                srv-3,,server,linux,2
                srv-4,"web, front",server,"linux
                ubuntu",8
                srv-5,lb,network
                srv-1,duplicate,server,linux,4
                srv 6,bad id,server,linux,1
                srv-7,no kind,,linux,1
                srv-8,"broken,server,linux,1
                """;
        String flow = importing(Map.of("source", "cmdb.csv", "inventory", csv));

        awaitEvents(flow, types -> types.contains("PhaseCompleted"));

        JsonNode output = event(flow, eventTypes(flow).indexOf("PhaseCompleted")).path("output");
        List<JsonNode> assets = assets(flow);
        assertThat(output.path("rows").asInt()).isEqualTo(9);
        assertThat(output.path("imported").asInt() + output.path("rejected").asInt()).isEqualTo(output.path("rows").asInt());
        assertThat(assets).hasSize(output.path("imported").asInt()).hasSize(3);
        assertThat(assets.stream().map(asset -> asset.path("name").asText())).containsExactly("app server 1", "orders db", "web, front");
        assertThat(assets.get(2).path("attributes").path("os").asText()).isEqualTo("linux\nubuntu");
        Map<Integer, String> errors = new java.util.TreeMap<>();
        output.path("errors").forEach(error -> errors.put(error.path("line").asInt(), error.path("error").asText()));
        assertThat(errors).containsOnlyKeys(4, 7, 8, 9, 10, 11);
        assertThat(errors.get(4)).contains("'name' is missing");
        assertThat(errors.get(7)).contains("3 fields where the header has 5");
        assertThat(errors.get(8)).contains("same asset as line 2");
        assertThat(errors.get(9)).contains("'asset_id' must be");
        assertThat(errors.get(10)).contains("'kind' is missing");
        assertThat(errors.get(11)).contains("never closed");
        assertThat(output.path("source").asText()).isEqualTo("cmdb.csv");
    }

    @Test
    void a_json_inventory_is_imported_with_rows_numbered_from_one() {
        List<Object> rows = List.of(Map.of("name", "vm-a", "kind", "server", "ram_gb", 16), Map.of("name", "vm-b"), "not a row",
                Map.of("asset_id", "app-1", "name", "billing", "kind", "application"));
        String flow = importing(Map.of("source", "cmdb.json", "inventory", rows));

        awaitEvents(flow, types -> types.contains("PhaseCompleted"));

        JsonNode output = event(flow, eventTypes(flow).indexOf("PhaseCompleted")).path("output");
        assertThat(output.path("imported").asInt()).isEqualTo(2);
        assertThat(output.path("rejected").asInt()).isEqualTo(2);
        Set<Integer> lines = new HashSet<>();
        output.path("errors").forEach(error -> lines.add(error.path("line").asInt()));
        assertThat(lines).containsExactlyInAnyOrder(2, 3);
        assertThat(assets(flow).get(0).path("attributes").path("ram_gb").asInt()).isEqualTo(16);
    }

    @Test
    void a_large_inventory_arrives_in_batches_of_five_hundred_assets() {
        StringBuilder csv = new StringBuilder("name,kind\n");
        for (int row = 0; row < 1_201; row++) {
            csv.append("server-").append(row).append(",server\n");
        }
        String flow = importing(Map.of("source", "big.csv", "inventory", csv.toString()));

        List<String> types = awaitEvents(flow, all -> all.contains("PhaseCompleted"));

        assertThat(types).containsExactly("FlowCreated", "PhaseStarted", "AssetsDiscovered", "AssetsDiscovered", "AssetsDiscovered",
                "PhaseCompleted");
        assertThat(assets(flow)).hasSize(1_201);
    }

    @Test
    void an_inventory_without_the_needed_columns_fails_the_phase_for_good() {
        String flow = importing(Map.of("source", "cmdb.csv", "inventory", "hostname,ip\nsrv-1,10.0.0.1\n"));

        List<String> types = awaitEvents(flow, all -> all.contains("FlowFailed"));

        assertThat(types).containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowFailed");
        assertThat(event(flow, 2).path("error").asText()).contains("must name the columns 'name' and 'kind'");
        assertThat(event(flow, 2).path("retryable").asBoolean()).isFalse();
    }

    @Test
    void without_an_inventory_the_import_waits_to_be_reported_through_the_api_as_before() throws Exception {
        String flow = importing(Map.of("source", "uploaded-elsewhere"));
        Thread.sleep(300);

        Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/data_import/complete",
                Map.of("attempt", 1, "output", Map.of("source", "uploaded-elsewhere")));

        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted");
    }
}
