package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentCreationIntegrationTest extends IntegrationTest {

    @Test
    void the_same_idempotency_key_and_body_return_the_same_flow_and_create_it_once() {
        Api keyed = api.withHeader("Idempotency-Key", "import-" + UUID.randomUUID());
        Map<String, Object> body = Map.of("flowType", "discovery", "name", "Datacenter East");

        Api.Response first = keyed.post("/api/v1/flows", body);
        Api.Response second = keyed.post("/api/v1/flows", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.text("flowId")).isEqualTo(first.text("flowId"));
        assertThat(second.location()).isEqualTo(first.location()).endsWith("/api/v1/flows/" + first.text("flowId"));
        assertThat(eventCount(first.text("flowId"))).isEqualTo(1);
    }

    @Test
    void the_same_idempotency_key_with_another_body_is_a_conflict() {
        Api keyed = api.withHeader("Idempotency-Key", "import-" + UUID.randomUUID());
        Api.Response first = keyed.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "Datacenter East"));

        Api.Response second = keyed.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "Datacenter West"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("detail")).contains("different request");
        assertThat(eventCount(first.text("flowId"))).isEqualTo(1);
    }

    @Test
    void without_a_key_every_request_creates_a_new_flow() {
        Map<String, Object> body = Map.of("flowType", "discovery", "name", "Datacenter East");

        assertThat(api.post("/api/v1/flows", body).text("flowId")).isNotEqualTo(api.post("/api/v1/flows", body).text("flowId"));
    }
}
