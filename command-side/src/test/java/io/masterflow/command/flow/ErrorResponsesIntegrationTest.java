package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenIssuer;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of error answers with problem+json naming the cause, and appends nothing. */
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponsesIntegrationTest extends IntegrationTest {

    private void assertProblem(Api.Response response, int status, String detailPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.text("detail")).contains(detailPart);
    }

    @Test
    void malformed_json_is_a_bad_request_and_nothing_is_written() {
        String flow = createFlow("discovery", false);

        Api.Response response = api.post("/api/v1/flows/" + flow + "/execute", "{\"phase\": ");

        assertProblem(response, 400, "not valid JSON");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void a_missing_required_field_is_named() {
        Api.Response response = api.post("/api/v1/flows", Map.of("flowType", "discovery"));

        assertProblem(response, 400, "field 'name'");
        assertThat(response.text("field")).isEqualTo("name");
    }

    @Test
    void a_field_of_the_wrong_type_is_named() {
        String flow = createFlow("discovery", false);

        Api.Response response = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", "not an object"));

        assertProblem(response, 400, "field 'input'");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void an_idempotency_key_longer_than_allowed_is_a_bad_request_naming_the_header() {
        Api.Response response = api.withHeader("Idempotency-Key", "k".repeat(256))
                .post("/api/v1/flows", Map.of("flowType", "discovery", "name", "too long a key"));

        assertProblem(response, 400, "at most 255 characters");
        assertThat(response.text("field")).isEqualTo("Idempotency-Key");
    }

    @Test
    void a_query_parameter_breaking_its_constraint_is_a_bad_request_naming_it_and_nothing_is_written() {
        String flow = createFlow("discovery", false);

        Api.Response response = api.delete("/api/v1/flows/" + flow + "?reason=" + "r".repeat(1001));

        assertProblem(response, 400, "'reason'");
        assertThat(response.text("field")).isEqualTo("reason");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void creating_needs_an_engagement_header() {
        Api.Response response = new Api(port, Tokens.operator()).post("/api/v1/flows", Map.of("flowType", "discovery", "name", "x"));

        assertProblem(response, 400, "header 'X-Engagement-Id' is required");
    }

    @Test
    void creating_in_an_engagement_the_token_does_not_grant_is_forbidden() {
        Api.Response response = api.withHeader("X-Engagement-Id", Tokens.OTHER_ENGAGEMENT)
                .post("/api/v1/flows", Map.of("flowType", "discovery", "name", "x"));

        assertProblem(response, 403, "does not grant engagement");
    }

    @Test
    void an_unknown_flow_type_is_a_bad_request_naming_the_field() {
        Api.Response response = api.post("/api/v1/flows", Map.of("flowType", "astrology", "name", "x"));

        assertProblem(response, 400, "unknown flow type 'astrology'");
        assertThat(response.text("field")).isEqualTo("flowType");
    }

    @Test
    void input_failing_a_phase_validator_is_a_bad_request_and_the_phase_does_not_start() {
        String flow = createFlow("discovery", false);

        Api.Response response = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("rows", 3)));

        assertProblem(response, 400, "'source'");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void no_token_is_unauthorized() {
        Api.Response response = api.as(null).post("/api/v1/flows", Map.of("flowType", "discovery", "name", "x"));

        assertProblem(response, 401, "needs a bearer token");
    }

    @Test
    void a_token_signed_with_another_secret_is_unauthorized() {
        String forged = new TokenIssuer("another-secret-that-is-at-least-32-bytes-long").issue("eve", Tokens.ACCOUNT,
                List.of(Tokens.ENGAGEMENT), List.of(Roles.FLOW_OPERATOR), Duration.ofHours(1));

        Api.Response response = api.as(forged).post("/api/v1/flows", Map.of("flowType", "discovery", "name", "x"));

        assertProblem(response, 401, "bearer token was refused");
    }

    @Test
    void a_token_without_a_client_account_is_unauthorized() {
        String token = accountlessToken();

        Api.Response response = api.as(token).post("/api/v1/flows", Map.of("flowType", "discovery", "name", "x"));

        assertProblem(response, 401, "client_account_id");
    }

    @Test
    void a_viewer_may_not_send_commands() {
        String flow = createFlow("discovery", false);
        String viewer = Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_VIEWER);

        Api.Response response = api.as(viewer).post("/api/v1/flows/" + flow + "/pause", Map.of());

        assertProblem(response, 403, "roles do not allow POST");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void an_unknown_flow_is_not_found_and_is_no_warning_in_the_log(CapturedOutput log) {
        UUID unknown = UUID.randomUUID();

        Api.Response response = api.post("/api/v1/flows/" + unknown + "/pause", Map.of());

        assertProblem(response, 404, "does not exist");
        assertThat(log.getAll()).doesNotContain(unknown.toString()).doesNotContain("AggregateNotFoundException");
    }

    @Test
    void an_id_that_is_not_a_uuid_is_not_found_like_any_unknown_flow() {
        assertProblem(api.post("/api/v1/flows/flow-17/pause", Map.of()), 404, "flow flow-17 does not exist");
    }

    @Test
    void an_illegal_transition_is_a_conflict_with_the_reason() {
        String flow = createFlow("discovery", false);

        Api.Response response = api.post("/api/v1/flows/" + flow + "/resume", Map.of());

        assertProblem(response, 409, "is CREATED, not paused");
        assertThat(eventCount(flow)).isEqualTo(1);
    }

    @Test
    void a_stale_expected_version_is_a_conflict() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/pause", Map.of());

        Api.Response response = api.post("/api/v1/flows/" + flow + "/resume", Map.of("expectedVersion", 0));

        assertProblem(response, 409, "is at version 1, not the expected 0");
        assertThat(eventCount(flow)).isEqualTo(2);
    }

    @Test
    void a_deleted_flow_is_gone_and_is_no_warning_in_the_log(CapturedOutput log) {
        String flow = createFlow("discovery", false);
        api.delete("/api/v1/flows/" + flow);

        Api.Response response = api.post("/api/v1/flows/" + flow + "/pause", Map.of());

        assertProblem(response, 410, "was deleted");
        assertThat(eventCount(flow)).isEqualTo(2);
        assertThat(log.getAll()).doesNotContain("AggregateDeletedException");
    }

    private static String accountlessToken() {
        try {
            com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("bob")
                    .claim("engagement_ids", List.of(Tokens.ENGAGEMENT)).claim("roles", List.of(Roles.FLOW_OPERATOR))
                    .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build();
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner(Tokens.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
