package io.masterflow.command.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asset inventory is stored once, streamed, and the flow's events refer to it: the PhaseStarted of an import holds
 * a reference, not the rows; the import reads the rows from the store; another account's reference is refused as
 * missing; a body over the account's limits is refused (413) and leaves nothing stored.
 */
class InventoryStoreIntegrationTest extends IntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** A CSV inventory of more than one stored part (parts are 1 MiB), with a quoted line break near the end. */
    private static final String LARGE_CSV = largeCsv(30_000);

    private static String largeCsv(int rows) {
        StringBuilder csv = new StringBuilder("asset_id,name,kind,os,cpu,notes\n");
        for (int row = 1; row < rows; row++) {
            csv.append("srv-").append(row).append(",server ").append(row).append(",server,linux,").append(row % 64)
                    .append(",racked in hall ").append(row % 7).append('\n');
        }
        csv.append("srv-last,\"the last, one\",server,\"linux\nubuntu\",8,\n");
        return csv.toString();
    }

    private Api.Response upload(Api caller, String contentType, String body) {
        return caller.withHeader("Content-Type", contentType).post("/api/v1/inventories", body);
    }

    private Api.Response execute(Api caller, String flow, Map<String, Object> input) {
        return caller.post("/api/v1/flows/" + flow + "/execute", Map.of("input", input));
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

    private int payloadBytes(String flow, long sequence) {
        Integer length = jdbc.queryForObject("select length(payload) from domainevententry where aggregateidentifier = ? and sequencenumber = ?",
                Integer.class, flow, sequence);
        return length == null ? 0 : length;
    }

    private long storedInventories(UUID account) {
        Long count = jdbc.queryForObject("select count(*) from inventory where client_account_id = ?", Long.class, account);
        return count == null ? 0 : count;
    }

    private long partsWithoutInventory() {
        Long count = jdbc.queryForObject("select count(*) from inventory_part p where not exists "
                + "(select 1 from inventory i where i.inventory_id = p.inventory_id)", Long.class);
        return count == null ? 0 : count;
    }

    private static String sha256(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_stored_inventory_is_imported_by_reference_and_the_event_holds_the_reference_not_the_rows() throws Exception {
        Api.Response stored = upload(api, "text/csv", LARGE_CSV);

        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.text("inventoryRef")).isEqualTo(sha256(LARGE_CSV));
        assertThat(stored.number("bytes")).isEqualTo(LARGE_CSV.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024 * 1024);
        assertThat(stored.number("rows")).isEqualTo(30_000);
        assertThat(stored.text("format")).isEqualTo("csv");

        String flow = createFlow("discovery", false);
        Api.Response started = execute(api, flow, Map.of("source", "cmdb.csv", "inventoryRef", stored.text("inventoryRef")));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        List<String> types = awaitEvents(flow, all -> all.contains("PhaseCompleted"));

        assertThat(types.get(1)).isEqualTo("PhaseStarted");
        assertThat(payloadBytes(flow, 1)).isLessThan(4 * 1024);
        assertThat(event(flow, 1).path("input").path("inventoryRef").asText()).isEqualTo(stored.text("inventoryRef"));
        assertThat(event(flow, 1).path("input").has("inventory")).isFalse();
        JsonNode output = event(flow, types.indexOf("PhaseCompleted")).path("output");
        assertThat(output.path("rows").asInt()).isEqualTo(30_000);
        assertThat(output.path("imported").asInt()).isEqualTo(30_000);
        assertThat(output.path("format").asText()).isEqualTo("csv");
        List<JsonNode> assets = assets(flow);
        assertThat(assets).hasSize(30_000);
        assertThat(assets.get(0).path("assetId").asText()).isEqualTo("srv-1");
        assertThat(assets.get(0).path("attributes").path("notes").asText()).isEqualTo("racked in hall 1");
        JsonNode last = assets.get(assets.size() - 1);
        assertThat(last.path("name").asText()).isEqualTo("the last, one");
        assertThat(last.path("attributes").path("os").asText()).isEqualTo("linux\nubuntu");
        assertThat(last.path("attributes").path("line").asInt()).isEqualTo(30_001);

        Api worker = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.WORKER));
        Api.Response readBack = worker.get("/api/v1/inventories/" + stored.text("inventoryRef"));
        assertThat(readBack.status()).isEqualTo(200);
        assertThat(readBack.contentType()).startsWith("text/csv");
        assertThat(readBack.text()).isEqualTo(LARGE_CSV);

        Api.Response again = upload(api, "text/csv", LARGE_CSV);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.text("inventoryRef")).isEqualTo(stored.text("inventoryRef"));
        assertThat(jdbc.queryForObject("select count(*) from inventory where client_account_id = ? and digest = ?", Long.class,
                Tokens.ACCOUNT, stored.text("inventoryRef").substring("sha256:".length()))).isEqualTo(1L);
    }

    @Test
    void an_inline_inventory_is_stored_on_the_way_in_and_a_rewound_import_reads_it_again() throws Exception {
        String csv = "name,kind\napp server,server\norders,database\n";
        String flow = createFlow("discovery", false);

        Api.Response started = execute(api, flow, Map.of("source", "cmdb.csv", "inventory", csv));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        awaitEvents(flow, all -> all.contains("PhaseCompleted"));

        assertThat(event(flow, 1).path("input").path("inventoryRef").asText()).isEqualTo(sha256(csv));
        assertThat(event(flow, 1).path("input").has("inventory")).isFalse();
        assertThat(assets(flow)).hasSize(2);

        Api.Response rewound = api.post("/api/v1/flows/" + flow + "/rewind", Map.of("toPhase", "data_import", "reason", "again"));
        assertThat(rewound.status()).as(rewound.toString()).isEqualTo(200);
        Api.Response rerun = execute(api, flow, Map.of("source", "cmdb.csv", "inventoryRef", sha256(csv)));
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(202);
        List<String> types = awaitEvents(flow, all -> all.stream().filter("PhaseCompleted"::equals).count() == 2);

        assertThat(event(flow, types.lastIndexOf("PhaseCompleted")).path("output").path("imported").asInt()).isEqualTo(2);
    }

    @Test
    void a_json_inventory_streams_in_and_is_imported_element_by_element() {
        String json = "[{\"name\":\"vm-a\",\"kind\":\"server\",\"ram_gb\":16},{\"name\":\"vm-b\"},\"not a row\","
                + "{\"asset_id\":\"app-1\",\"name\":\"billing\",\"kind\":\"application\"}]";
        Api.Response stored = upload(api, "application/json", json);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.number("rows")).isEqualTo(4);

        String flow = createFlow("discovery", false);
        execute(api, flow, Map.of("source", "cmdb.json", "inventoryRef", stored.text("inventoryRef")));
        List<String> types = awaitEvents(flow, all -> all.contains("PhaseCompleted"));

        JsonNode output = event(flow, types.indexOf("PhaseCompleted")).path("output");
        assertThat(output.path("imported").asInt()).isEqualTo(2);
        assertThat(output.path("rejected").asInt()).isEqualTo(2);
        assertThat(output.path("format").asText()).isEqualTo("json");
        assertThat(assets(flow).get(0).path("attributes").path("ram_gb").asInt()).isEqualTo(16);
    }

    @Test
    void json_that_is_not_an_array_is_refused_and_nothing_is_stored() {
        Api other = api.as(Tokens.token(Tokens.OTHER_ACCOUNT, List.of(Tokens.OTHER_ENGAGEMENT), Roles.FLOW_OPERATOR));
        long before = storedInventories(Tokens.OTHER_ACCOUNT);

        Api.Response object = upload(other, "application/json", "{\"name\":\"vm-a\",\"kind\":\"server\"}");
        Api.Response broken = upload(other, "application/json", "[{\"name\":\"vm-a\",\"kind\":\"server\"},");

        assertThat(object.status()).as(object.toString()).isEqualTo(400);
        assertThat(object.text("detail")).contains("must be an array of objects");
        assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
        assertThat(storedInventories(Tokens.OTHER_ACCOUNT)).isEqualTo(before);
    }

    @Test
    void another_accounts_reference_is_refused_like_one_that_does_not_exist() {
        String mine = upload(api, "text/csv", "name,kind\nsecret-host,server\n").text("inventoryRef");
        Api other = api.as(Tokens.token(Tokens.OTHER_ACCOUNT, List.of(Tokens.OTHER_ENGAGEMENT), Roles.FLOW_OPERATOR))
                .withHeader("X-Engagement-Id", Tokens.OTHER_ENGAGEMENT);
        String theirFlow = other.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "foreign " + UUID.randomUUID()))
                .text("flowId");
        String nothing = "sha256:" + "0".repeat(64);

        Api.Response foreign = execute(other, theirFlow, Map.of("source", "cmdb.csv", "inventoryRef", mine));
        Api.Response missing = execute(other, theirFlow, Map.of("source", "cmdb.csv", "inventoryRef", nothing));

        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.text("field")).isEqualTo("input.inventoryRef");
        assertThat(foreign.text("detail")).isEqualTo(missing.text("detail").replace(nothing, mine));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(eventTypes(theirFlow)).containsExactly("FlowCreated");
        Api.Response foreignRead = other.get("/api/v1/inventories/" + mine);
        Api.Response missingRead = other.get("/api/v1/inventories/" + nothing);
        assertThat(foreignRead.status()).isEqualTo(404);
        assertThat(foreignRead.text("detail")).isEqualTo(missingRead.text("detail").replace(nothing, mine));
    }

    @Test
    void a_body_over_the_byte_limit_is_413_whether_declared_or_chunked_and_nothing_is_stored() throws Exception {
        String token = Tokens.token(Tokens.INVENTORY_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR);
        long before = storedInventories(Tokens.INVENTORY_LIMITED_ACCOUNT);
        String hundredKilobytes = largeCsv(4_000);
        assertThat(hundredKilobytes.length()).isGreaterThan(64 * 1024);

        HttpResponse<String> declared = send(token, HttpRequest.BodyPublishers.ofString(hundredKilobytes));
        HttpResponse<String> chunked = send(token, HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(hundredKilobytes.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> small = send(token, HttpRequest.BodyPublishers.ofString(largeCsv(100) + "srv-" + UUID.randomUUID() + ",x,server,,,\n"));

        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(chunked.body()).contains("65536 bytes");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        assertThat(storedInventories(Tokens.INVENTORY_LIMITED_ACCOUNT)).isEqualTo(before + 1);
        assertThat(partsWithoutInventory()).isZero();
    }

    @Test
    void an_inventory_over_the_row_limit_is_413_and_nothing_is_stored() {
        Api limited = api.as(Tokens.token(Tokens.SIZE_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR));
        long before = storedInventories(Tokens.SIZE_LIMITED_ACCOUNT);

        Api.Response fourRows = upload(limited, "text/csv", "name,kind\na,server\nb,server\n\"c\nd\",server\ne," + UUID.randomUUID() + "\n");
        Api.Response fourElements = upload(limited, "application/json", "[{},{},{},{\"id\":\"" + UUID.randomUUID() + "\"}]");

        assertThat(fourRows.status()).as(fourRows.toString()).isEqualTo(413);
        assertThat(fourRows.text("detail")).contains("masterflow.limits.inventory-rows");
        assertThat(fourElements.status()).as(fourElements.toString()).isEqualTo(413);
        assertThat(storedInventories(Tokens.SIZE_LIMITED_ACCOUNT)).isEqualTo(before);
    }

    @Test
    void storing_needs_a_token_and_the_flow_operator_role() {
        Api viewer = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_VIEWER));

        assertThat(upload(api.as(null), "text/csv", "name,kind\na,server\n").status()).isEqualTo(401);
        assertThat(upload(viewer, "text/csv", "name,kind\na,server\n").status()).isEqualTo(403);
        assertThat(upload(api, "application/xml", "<inventory/>").status()).isEqualTo(415);
    }

    private HttpResponse<String> send(String token, HttpRequest.BodyPublisher body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inventories"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
