package io.masterflow.legacy;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.testsupport.Api;
import io.masterflow.legacy.support.Tenant;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** masterflow.legacy.enabled=false: the legacy paths answer 410 with their successor, and ids are flow ids only. */
class LegacyLayerSwitchedOffTest {

    private static ConfigurableApplicationContext application;
    private static int port;

    @BeforeAll
    static void start() {
        application = new SpringApplicationBuilder(CommandSideApplication.class, QuerySideApplication.class)
                .properties("spring.config.name=command-side,query-side,application")
                .run("--server.port=0", "--masterflow.legacy.enabled=false",
                        "--spring.datasource.url=" + TestPostgres.newDatabase("legacy_off"),
                        "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.password=" + TestPostgres.password(),
                        "--masterflow.security.jwt.secret=" + TestTokens.SECRET);
        port = ((ServletWebServerApplicationContext) application).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        application.close();
    }

    @Test
    void every_legacy_path_answers_gone_with_its_successors_link() {
        Tenant tenant = Tenant.fresh();
        Api client = new Api(port, tenant.client());

        Api.Response create = client.post("/api/v1/discovery/flows/create", Map.of("flow_name", "x",
                "engagement_id", tenant.engagement().toString()));
        Api.Response read = client.get("/api/v1/orchestration/flows/disc-2023-0042");

        assertThat(create.status()).isEqualTo(410);
        assertThat(create.header("Link")).isEqualTo("</api/v1/flows>; rel=\"successor-version\"");
        assertThat(create.header("Content-Type")).startsWith("application/json");
        assertThat(create.field("detail")).contains("switched off").contains("/api/v1/flows");
        assertThat(read.status()).isEqualTo(410);
        assertThat(read.header("Link")).isEqualTo("</api/v1/flows/disc-2023-0042>; rel=\"successor-version\"");
        assertThat(client.post("/api/v1/flows/create", Map.of()).status()).isEqualTo(410);
        assertThat(client.post("/api/v1/crewai/flows/execute", Map.of()).status()).isEqualTo(410);
    }

    @Test
    void the_current_api_still_works() {
        Tenant tenant = Tenant.fresh();
        Api.Response created = new Api(port, tenant.client()).withHeader("X-Engagement-Id", tenant.engagement().toString())
                .post("/api/v1/flows", Map.of("flowType", "planning", "name", "current"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Deprecation")).isNull();
    }
}
