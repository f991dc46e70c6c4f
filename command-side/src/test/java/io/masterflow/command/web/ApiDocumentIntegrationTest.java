package io.masterflow.command.web;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentIntegrationTest extends IntegrationTest {

    @Test
    void the_openapi_document_describes_every_command_and_the_bearer_scheme_without_a_token() {
        Api.Response document = api.as(null).get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("paths").fieldNames()).toIterable().contains(
                "/api/v1/flows", "/api/v1/flows/{flowId}/execute", "/api/v1/flows/{flowId}/phases/{phase}/complete",
                "/api/v1/flows/{flowId}/phases/{phase}/fail", "/api/v1/flows/{flowId}/phases/{phase}/skip",
                "/api/v1/flows/{flowId}/pause", "/api/v1/flows/{flowId}/resume", "/api/v1/flows/{flowId}",
                "/api/v1/flow-types", "/api/v1/flow-types/{type}", "/api/v1/inventories", "/api/v1/inventories/{inventoryRef}");
        assertThat(document.body().path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void an_endpoint_no_rule_names_is_refused_even_with_a_valid_token() {
        assertThat(api.get("/actuator/metrics").status()).isEqualTo(403);
    }
}
