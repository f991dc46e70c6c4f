package io.masterflow.standalone;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description the TypeScript client is generated from, {@code clients/typescript/openapi.json}, is the one the
 * quickstart serves: a change to the API fails this test until the committed copy (and so the client) follows it.
 * {@code -Dmasterflow.openapi.export=true} writes the served document there instead of failing.
 */
class ApiDocumentExportTest {

    static final Path COMMITTED = Path.of("..", "clients", "typescript", "openapi.json");
    static final String EXPORT = "masterflow.openapi.export";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext quickstart;
    private static JsonNode served;

    @BeforeAll
    static void serve() throws Exception {
        quickstart = MasterflowApplication.run("--server.port=0", "--masterflow.data-dir=" + dataDir);
        int port = ((WebServerApplicationContext) quickstart).getWebServer().getPort();
        HttpResponse<String> document = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        served = JSON.readTree(document.body());
    }

    @AfterAll
    static void stop() {
        if (quickstart != null) {
            quickstart.close();
        }
    }

    @Test
    void the_committed_api_description_is_the_one_the_quickstart_serves() throws Exception {
        if (Boolean.getBoolean(EXPORT)) {
            Files.writeString(COMMITTED, canonical(served));
        }

        assertThat(Files.exists(COMMITTED)).as(COMMITTED.toAbsolutePath() + " exists").isTrue();
        assertThat(differences(JSON.readTree(Files.readString(COMMITTED)), served))
                .as("%s differs from the served /v3/api-docs where listed: if the API change is meant, export it with "
                        + "./mvnw -pl standalone -am test -Dtest=ApiDocumentExportTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-D%s=true, then follow it in the client (clients/typescript: npm test)", COMMITTED, EXPORT)
                .isEmpty();
    }

    @Test
    void every_operation_has_a_chosen_operation_id_a_summary_its_error_answers_and_an_example_of_its_body() {
        List<String> operationIds = new ArrayList<>();
        served.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode operation = method.getValue();
            String where = method.getKey() + " " + path.getKey();
            String operationId = operation.path("operationId").asText();
            // springdoc's defaults are the handler method's name, with _1, _2 ... when names repeat
            assertThat(operationId).as(where).matches("[a-z]+[A-Z][A-Za-z]*");
            operationIds.add(operationId);
            assertThat(operation.path("summary").asText()).as(where).isNotBlank();
            assertThat(operation.path("responses").path("401").path("content")).as(where).isNotEmpty();
            operation.path("requestBody").path("content").forEach(body -> assertThat(body.has("example")).as(where).isTrue());
        }));
        assertThat(operationIds).doesNotHaveDuplicates().contains("createFlow", "listFlows", "streamFlowChanges", "claimTasks");
        assertThat(served.path("security").get(0).has("bearer")).isTrue();
    }

    /** The paths, schemas and other top-level parts whose committed and served forms differ. */
    static List<String> differences(JsonNode committed, JsonNode served) {
        List<String> differences = new ArrayList<>();
        for (String part : List.of("paths", "components/schemas")) {
            JsonNode mine = committed.at("/" + part);
            JsonNode theirs = served.at("/" + part);
            Set<String> names = new TreeSet<>();
            mine.fieldNames().forEachRemaining(names::add);
            theirs.fieldNames().forEachRemaining(names::add);
            names.stream().filter(name -> !mine.path(name).equals(theirs.path(name))).forEach(name -> differences.add(part + " " + name));
        }
        ObjectNode restOfMine = committed.deepCopy();
        ObjectNode restOfTheirs = served.deepCopy();
        for (ObjectNode rest : List.of(restOfMine, restOfTheirs)) {
            rest.remove("paths");
            ((ObjectNode) rest.path("components")).remove("schemas");
        }
        if (!restOfMine.equals(restOfTheirs)) {
            differences.add("the rest: " + restOfTheirs);
        }
        return differences;
    }

    /** Paths and schemas in alphabetical order, so that a change to the API is a small diff of the committed copy. */
    static String canonical(JsonNode document) throws Exception {
        ObjectNode copy = document.deepCopy();
        copy.set("paths", sorted(copy.path("paths")));
        ((ObjectNode) copy.path("components")).set("schemas", sorted(copy.path("components").path("schemas")));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        return JSON.writer(printer).writeValueAsString(copy) + "\n";
    }

    private static ObjectNode sorted(JsonNode object) {
        Map<String, JsonNode> entries = new TreeMap<>();
        object.properties().forEach(entry -> entries.put(entry.getKey(), entry.getValue()));
        ObjectNode sorted = JSON.createObjectNode();
        entries.forEach(sorted::set);
        return sorted;
    }
}
