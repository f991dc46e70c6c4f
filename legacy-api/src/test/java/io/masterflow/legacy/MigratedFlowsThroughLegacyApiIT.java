package io.masterflow.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.CommandSideApplication;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.Tenant;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.testsupport.PackagedJar;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared legacy sample brought in by the shipped migration tool, then read and steered by its legacy clients
 * through the legacy paths and by their legacy ids: what cut-over day looks like for a client that changes nothing.
 */
class MigratedFlowsThroughLegacyApiIT {

    /** Tenants of the sample (legacy-sample.sql): account a1 with engagements e1 and e2, account a2 with e3. */
    private static final Tenant A1_E1 = Tenant.of("a1000000-0000-0000-0000-000000000000", "e1000000-0000-0000-0000-000000000000");
    private static final Tenant A2_E3 = Tenant.of("a2000000-0000-0000-0000-000000000000", "e3000000-0000-0000-0000-000000000000");
    private static final String RUNNING_DISCOVERY = "20000000-0000-0000-0000-000000000001";
    private static final String ORPHAN_DISCOVERY = "legacy-flow-0005";

    private static ConfigurableApplicationContext application;
    private static int port;

    @BeforeAll
    static void migrateTheSampleIntoARunningMasterflow() throws Exception {
        String target = TestPostgres.newDatabase("legacy_cutover");
        application = new SpringApplicationBuilder(CommandSideApplication.class, QuerySideApplication.class)
                .properties("spring.config.name=command-side,query-side,application")
                .run("--server.port=0", "--spring.datasource.url=" + target,
                        "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.password=" + TestPostgres.password(),
                        "--masterflow.security.jwt.secret=" + TestTokens.SECRET);
        port = ((ServletWebServerApplicationContext) application).getWebServer().getPort();

        String source = TestPostgres.newDatabase("legacy_source");
        try (Connection connection = new DriverManagerDataSource(source, TestPostgres.user(), TestPostgres.password()).getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("legacy/legacy-schema.sql"));
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("legacy/legacy-sample.sql"));
        }
        try (PackagedJar migration = PackagedJar.start(PackagedJar.fromProperty("packaged.migration.jar"), List.of(
                "--source-url", source, "--source-user", TestPostgres.user(), "--source-password", TestPostgres.password(),
                "--target-url", target, "--target-user", TestPostgres.user(), "--target-password", TestPostgres.password()), Map.of())) {
            assertThat(migration.awaitExit(Duration.ofSeconds(90))).as(migration.output()).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                new Api(port, A2_E3.client()).get("/api/v1/discovery/flows/" + ORPHAN_DISCOVERY).status() == 200);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void a_migrated_discovery_flow_reads_back_by_its_legacy_id_as_the_legacy_service_kept_it() {
        Api.Response read = new Api(port, A1_E1.client()).get("/api/v1/discovery/flows/" + RUNNING_DISCOVERY);

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        JsonNode flow = read.body();
        assertThat(flow.path("flow_id").asText()).isEqualTo(RUNNING_DISCOVERY);
        assertThat(flow.path("flow_name").asText()).isEqualTo("Datacenter East");
        assertThat(flow.path("user_id").asText()).isEqualTo("alice");
        assertThat(flow.path("status").asText()).isEqualTo("running");
        assertThat(flow.path("created_at").asText()).isEqualTo("2025-03-01T08:59:00.000000+00:00");
        assertThat(flow.path("progress_percentage").asDouble()).isEqualTo(50.0);
        assertThat(List.of("data_import_completed", "attribute_mapping_completed", "data_cleansing_completed"))
                .allSatisfy(flag -> assertThat(flow.path(flag).asBoolean()).as(flag).isTrue());
        assertThat(List.of("inventory_completed", "dependencies_completed", "tech_debt_completed"))
                .allSatisfy(flag -> assertThat(flow.path(flag).asBoolean()).as(flag).isFalse());
        assertThat(flow.path("current_phase").asText()).isEqualTo("asset_inventory");
    }

    @Test
    void its_master_flow_shows_the_legacy_transitions_with_their_times_and_errors() {
        JsonNode master = new Api(port, A1_E1.client()).get("/api/v1/orchestration/flows/" + RUNNING_DISCOVERY).body();

        assertThat(master.path("flow_configuration").path("source").asText()).isEqualTo("cmdb-export.csv");
        assertThat(master.path("phase_transitions"))
                .extracting(t -> t.path("phase").asText() + " " + t.path("status").asText() + " " + t.path("timestamp").asText()
                        + (t.has("error") ? " " + t.path("error").asText() : ""))
                .contains("data_import started 2025-03-01T09:00:00.000000+00:00",
                        "field_mapping completed 2025-03-01T09:30:00.000000+00:00",
                        "data_cleansing failed 2025-03-02T08:01:00.000000+00:00 agent timeout");
    }

    @Test
    void a_legacy_id_that_is_no_uuid_names_the_flow_on_legacy_and_current_paths_and_takes_commands() {
        Api client = new Api(port, A2_E3.client());

        JsonNode current = client.get("/api/v1/flows/" + ORPHAN_DISCOVERY).body();
        assertThat(current.path("legacyFlowId").asText()).isEqualTo(ORPHAN_DISCOVERY);
        Api.Response paused = client.post("/api/v1/discovery/flows/" + ORPHAN_DISCOVERY + "/pause", Map.of("reason", "cut-over check"));
        assertThat(paused.status()).as(paused.text()).isEqualTo(200);
        assertThat(paused.body().path("flow_id").asText()).isEqualTo(ORPHAN_DISCOVERY);
        assertThat(paused.body().path("status").asText()).isEqualTo("paused");
        assertThat(client.post("/api/v1/flows/" + ORPHAN_DISCOVERY + "/resume", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void another_account_finds_none_of_them() {
        Api otherAccount = new Api(port, A2_E3.client());

        assertThat(otherAccount.get("/api/v1/discovery/flows/" + RUNNING_DISCOVERY).status()).isEqualTo(404);
        assertThat(otherAccount.get("/api/v1/flows/" + RUNNING_DISCOVERY).status()).isEqualTo(404);
    }
}
