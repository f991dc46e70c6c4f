package io.masterflow.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenClaims;
import io.masterflow.security.TokenIssuer;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class MasterflowApplicationTest {

    private static final String JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void without_a_database_url_it_runs_on_a_durable_embedded_database_prints_a_valid_demo_token_and_stops_the_database_on_close(
            CapturedOutput output) throws Exception {
        DataDirectory directory = DataDirectory.of(dataDir.toString());

        // webhooks to the test's receiver on loopback allowed
        try (ConfigurableApplicationContext context = MasterflowApplication.run("--server.port=0", "--masterflow.data-dir=" + dataDir,
                "--masterflow.webhooks.allow-private-addresses=true")) {
            String baseUrl = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
            assertThat(health(baseUrl)).isEqualTo(200);
            Connector connector = ((TomcatWebServer) ((WebServerApplicationContext) context).getWebServer()).getTomcat().getConnector();
            assertThat((InetAddress) connector.getProperty("address")).as("the quickstart answers this machine only")
                    .isNotNull().matches(InetAddress::isLoopbackAddress);
            assertThat(connector.getProperty("acceptCount")).as("a burst of connections waits in the listen backlog, not for SYN retransmits")
                    .isEqualTo(4096);

            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo("masterflow");
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SELECT inet_server_port()", Integer.class))
                    .isEqualTo(context.getBean(EmbeddedDatabase.class).port());

            String banner = output.getOut();
            assertThat(banner).contains("API          " + baseUrl + "\n")
                    .contains("Swagger UI   " + baseUrl + "/swagger-ui.html\n")
                    .contains("Account      11111111-1111-1111-1111-111111111111")
                    .contains("Engagement   22222222-2222-2222-2222-222222222222")
                    .contains("curl -X POST " + baseUrl + "/api/v1/flows")
                    .contains("  " + baseUrl + "/#token=" + demoToken(banner) + "\n");
            String secret = context.getEnvironment().getProperty("masterflow.security.jwt.secret");
            assertThat(secret).isEqualTo(Files.readString(directory.signingSecret()).trim());
            JWTClaimsSet claims = Jwts.verifiedClaims(demoToken(banner), secret);
            assertThat(claims.getSubject()).isEqualTo("demo");
            assertThat(claims.getStringClaim(TokenClaims.CLIENT_ACCOUNT_ID)).isEqualTo("11111111-1111-1111-1111-111111111111");
            assertThat(claims.getStringListClaim(TokenClaims.ENGAGEMENT_IDS)).containsExactly("22222222-2222-2222-2222-222222222222");
            assertThat(claims.getStringListClaim(TokenClaims.ROLES)).containsExactlyInAnyOrder("flow-operator", "flow-viewer", "auditor", "worker");
            assertThat(directory.postgres().resolve("postmaster.pid")).exists();

            bothSidesAnswerOnOnePort(baseUrl, demoToken(banner), jdbc);
            aWebhookGetsWhatTheCommandSideStores(baseUrl, demoToken(banner), secret);
            anErasureReachesWhatTheCommandSideStored(baseUrl, secret, jdbc);
        }

        assertThat(directory.postgres().resolve("postmaster.pid")).as("the server stopped with the application").doesNotExist();
        try (EmbeddedDatabase again = EmbeddedDatabase.start(directory)) {
            assertThat(Sql.single(again, "SELECT 'the data directory was released'")).isNotEmpty();
        }
    }

    @Test
    void with_a_database_url_and_a_secret_of_its_own_it_uses_both_and_creates_neither_database_nor_secret_file(CapturedOutput output)
            throws Exception {
        String secret = "a-secret-of-the-operator-at-least-32-bytes-long";
        Path appDir = dataDir.resolve("app");
        try (EmbeddedDatabase external = EmbeddedDatabase.start(DataDirectory.of(dataDir.resolve("external").toString()));
             ConfigurableApplicationContext context = MasterflowApplication.run("--server.port=0",
                     "--masterflow.data-dir=" + appDir,
                     "--spring.datasource.url=" + external.jdbcUrl(),
                     "--spring.datasource.username=" + external.username(),
                     "--spring.datasource.password=" + external.password(),
                     "--masterflow.security.jwt.secret=" + secret)) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT inet_server_port()", Integer.class)).isEqualTo(external.port());
            assertThat(context.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
            assertThat(appDir.resolve("postgres")).doesNotExist();
            assertThat(appDir.resolve("jwt-secret")).doesNotExist();
            assertThat(Jwts.verifiedClaims(demoToken(output.getOut()), secret).getSubject()).isEqualTo("demo");
        }
    }

    @Test
    void each_sides_defaults_load_and_the_users_application_yml_overrides_them_all() {
        assertThat(MasterflowApplication.CONFIG_NAME).isEqualTo("command-side,query-side,application");
    }

    /** A flow created through the command API is read back through the query API of the same process. */
    private static void bothSidesAnswerOnOnePort(String baseUrl, String token, JdbcTemplate jdbc) throws Exception {
        HttpResponse<String> created = post(baseUrl + "/api/v1/flows", token, "{\"flowType\":\"planning\",\"name\":\"read it back\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode accepted = JSON.readTree(created.body());

        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/flows/"
                        + accepted.path("flowId").asText() + "?minVersion=" + accepted.path("version").asLong() + "&waitMs=5000"))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Read-Model-Stale")).isEmpty();
        JsonNode flow = JSON.readTree(read.body());
        assertThat(flow.path("name").asText()).isEqualTo("read it back");
        assertThat(flow.path("status").asText()).isEqualTo("CREATED");
        assertThat(flow.path("phases")).hasSize(3);

        assertThat(jdbc.queryForList("SELECT version FROM flyway_history_command WHERE success", String.class)).contains("1");
        assertThat(jdbc.queryForList("SELECT version FROM flyway_history_query WHERE success", String.class)).contains("1", "2", "3");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query_token_entry", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tokenentry", Long.class)).isZero();
    }

    /** A flow created through the command API reaches a webhook, signed, from the query side of the same process. */
    private static void aWebhookGetsWhatTheCommandSideStores(String baseUrl, String token, String signingSecret) throws Exception {
        CompletableFuture<String[]> delivered = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            delivered.complete(new String[] {exchange.getRequestHeaders().getFirst("X-Masterflow-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Masterflow-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String admin = new TokenIssuer(signingSecret).issue("ops", DemoTenant.ACCOUNT, List.of("*"), List.of(Roles.ADMIN),
                    Duration.ofMinutes(5));
            String webhookSecret = "the-receivers-secret-of-32-characters";
            HttpResponse<String> webhook = post(baseUrl + "/api/v1/webhooks", admin, "{\"url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\", \"events\": [\"FlowCreated\"], \"secret\": \"" + webhookSecret + "\"}");
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
            HttpResponse<String> created = post(baseUrl + "/api/v1/flows", token, "{\"flowType\":\"planning\",\"name\":\"announced\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            String[] request = delivered.get(20, TimeUnit.SECONDS);
            JsonNode body = JSON.readTree(request[2]);
            assertThat(body.path("eventType").asText()).isEqualTo("FlowCreated");
            assertThat(body.path("flowId").asText()).isEqualTo(JSON.readTree(created.body()).path("flowId").asText());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(request[1]).isEqualTo("sha256=" + HexFormat.of().formatHex(
                    mac.doFinal((request[0] + "." + request[2]).getBytes(StandardCharsets.UTF_8))));
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * Two users act on a flow through the command API; the store holds neither in plain; once one is erased the
     * history read through the query API shows [erased] for that user's events and the other user as before, and
     * the erased user acting again gets a new key.
     */
    private static void anErasureReachesWhatTheCommandSideStored(String baseUrl, String signingSecret, JdbcTemplate jdbc)
            throws Exception {
        TokenIssuer tokens = new TokenIssuer(signingSecret);
        List<String> roles = List.of(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.AUDITOR);
        String carol = tokens.issue("carol", DemoTenant.ACCOUNT, List.of("*"), roles, Duration.ofMinutes(5));
        String dave = tokens.issue("dave", DemoTenant.ACCOUNT, List.of("*"), roles, Duration.ofMinutes(5));
        HttpResponse<String> created = post(baseUrl + "/api/v1/flows", carol, "{\"flowType\":\"planning\",\"name\":\"two users\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String flowId = JSON.readTree(created.body()).path("flowId").asText();
        HttpResponse<String> started = post(baseUrl + "/api/v1/flows/" + flowId + "/execute", dave, "{\"input\": {}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(jdbc.queryForList("SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?",
                String.class, flowId)).hasSize(2).allSatisfy(metaData -> assertThat(metaData)
                .doesNotContain("carol").doesNotContain("dave").contains("\"userId\":\"enc:v1:"));

        String admin = tokens.issue("ops", DemoTenant.ACCOUNT, List.of("*"), List.of(Roles.ADMIN), Duration.ofMinutes(5));
        HttpResponse<String> erased = post(baseUrl + "/api/v1/admin/erasure", admin, "{\"userId\": \"carol\"}");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(JSON.readTree(erased.body()).path("keysDestroyed").asInt()).isEqualTo(1);
        HttpResponse<String> paused = post(baseUrl + "/api/v1/flows/" + flowId + "/pause", carol, "{\"reason\": \"back again\"}");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);

        HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/api/v1/flows/" + flowId + "/history")).header("Authorization", "Bearer " + dave).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(JSON.readTree(history.body()).path("events").findValuesAsText("userId"))
                .as("erased before, and sealed with a new key after").containsExactly("[erased]", "dave", "carol");
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Engagement-Id", DemoTenant.ENGAGEMENT.toString())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int health(String baseUrl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static String demoToken(String banner) {
        List<String> tokens = banner.lines().map(String::trim).filter(line -> line.matches(JWT)).toList();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }
}
