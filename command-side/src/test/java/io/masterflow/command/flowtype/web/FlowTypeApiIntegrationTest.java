package io.masterflow.command.flowtype.web;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.security.Roles;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTypeApiIntegrationTest extends IntegrationTest {

    @Test
    void any_role_can_list_the_eight_built_in_flow_types() {
        Api viewer = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_VIEWER));

        Api.Response response = viewer.get("/api/v1/flow-types");

        assertThat(response.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(response.body().spliterator(), false).map(type -> type.path("type").asText()))
                .containsExactly("assessment", "decommission", "discovery", "execution", "finops", "modernize", "observability", "planning");
    }

    @Test
    void one_type_shows_its_versions_and_phases_in_order() {
        Api.Response response = api.get("/api/v1/flow-types/assessment");

        JsonNode phases = response.body().path("versions").path(0).path("phases");
        assertThat(response.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(phases.spliterator(), false).map(phase -> phase.path("name").asText()))
                .containsExactly("readiness_assessment", "complexity_analysis", "risk_assessment", "recommendation_generation");
    }

    @Test
    void an_unknown_type_is_not_found_as_problem_json() {
        Api.Response response = api.get("/api/v1/flow-types/astrology");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("detail")).contains("unknown flow type 'astrology'");
    }

    @Test
    void flow_types_need_a_token() {
        assertThat(api.as(null).get("/api/v1/flow-types").status()).isEqualTo(401);
    }
}
