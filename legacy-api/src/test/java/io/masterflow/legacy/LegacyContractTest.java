package io.masterflow.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer has every field its legacy shape lists in docs/legacy-api.md (the copy of the contract the legacy
 * clients were written against): an answer that loses one fails here.
 */
class LegacyContractTest extends LegacyApplicationTest {

    private static final Path GUIDE = Path.of("..", "docs", "legacy-api.md");
    private static Map<String, List<String>> shapes;

    private final Tenant tenant = Tenant.fresh();

    @BeforeAll
    static void readTheContract() throws IOException {
        shapes = new LinkedHashMap<>();
        boolean inContract = false;
        for (String line : Files.readAllLines(GUIDE)) {
            if (line.startsWith("<!-- contract:")) {
                inContract = true;
            } else if (inContract && line.startsWith("- ")) {
                String[] shape = line.substring(2).split(":", 2);
                shapes.put(shape[0].strip(), Arrays.stream(shape[1].split(",")).map(String::strip).toList());
            } else if (inContract && !line.isBlank()) {
                break;
            }
        }
        assertThat(shapes).containsOnlyKeys("master flow", "discovery flow", "discovery flow list", "execution", "phase transition");
    }

    @Test
    void every_answer_has_every_field_of_its_shape() {
        Api client = as(tenant.client()).withHeader("X-Engagement-Id", tenant.engagement().toString());
        JsonNode started = client.post("/api/v1/orchestration/flows/start", Map.of("flow_type", "planning", "flow_name", "contract"))
                .body();
        String planning = started.path("flow_id").asText();
        JsonNode discovery = client.post("/api/v1/discovery/flows/create", Map.of("flow_name", "contract")).body();
        String discoveryId = discovery.path("flow_id").asText();

        assertShape("master flow", started);
        assertShape("master flow", client.post("/api/v1/flows/create", Map.of("flow_type", "finops", "flow_name", "c")).body());
        assertShape("master flow", client.get("/api/v1/orchestration/flows/" + planning).body());
        assertShape("master flow", client.get("/api/v1/flows/" + planning + "/status").body());
        assertShape("phase transition", started.path("phase_transitions").path(0));
        assertShape("discovery flow", discovery);
        assertShape("discovery flow", client.get("/api/v1/discovery/flows/" + discoveryId).body());
        assertShape("discovery flow", client.get("/api/v1/discovery/flows/" + discoveryId + "/status").body());
        assertShape("discovery flow", client.post("/api/v1/discovery/flows/" + discoveryId + "/pause", null).body());
        assertShape("discovery flow", client.post("/api/v1/discovery/flows/" + discoveryId + "/resume", null).body());
        JsonNode list = client.get("/api/v1/discovery/flows").body();
        assertShape("discovery flow list", list);
        assertShape("execution", client.post("/api/v1/crewai/flows/execute", Map.of("flow_id", discoveryId,
                "input", Map.of("source", "csv", "inventory", "name,kind\n"))).body());
        assertShape("discovery flow", client.delete("/api/v1/discovery/flows/" + discoveryId).body());
    }

    private static void assertShape(String shape, JsonNode answer) {
        assertThat(shapes.get(shape)).as(shape + " in " + answer).allSatisfy(field -> assertThat(answer.has(field)).as(field).isTrue());
    }
}
