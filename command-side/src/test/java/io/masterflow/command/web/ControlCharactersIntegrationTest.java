package io.masterflow.command.web;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.events.FlowId;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text the read models could not store, or that would corrupt a log or an export, is refused where it enters: a
 * control character in any text of any request is a 400 naming its field, and nothing is written. Free text keeps its
 * tabs and line breaks.
 */
class ControlCharactersIntegrationTest extends IntegrationTest {

    @Test
    void a_flow_name_with_a_nul_is_refused_naming_the_field_and_no_flow_is_made() {
        String key = "nul-name-" + UUID.randomUUID();

        Api.Response response = api.withHeader("Idempotency-Key", key)
                .post("/api/v1/flows", Map.of("flowType", "planning", "name", "a\u0000b"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.text("field")).isEqualTo("name");
        assertThat(response.text("detail")).contains("U+0000");
        assertThat(eventCount(FlowId.derivedFrom(Tokens.ACCOUNT + "/" + Tokens.ENGAGEMENT + "/" + key).toString())).isZero();
    }

    @Test
    void a_name_allows_no_tab_or_line_break() {
        assertThat(api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "two\nlines")).text("field")).isEqualTo("name");
        assertThat(api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "a\tb")).text("field")).isEqualTo("name");
    }

    @Test
    void a_control_character_deep_in_a_configuration_is_named_by_its_path_and_a_key_may_hold_none() {
        Api.Response inValue = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "nested",
                "configuration", Map.of("waves", List.of(Map.of("note", "bell \u0007")))));
        Api.Response inKey = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "nested",
                "configuration", Map.of("escape\u001b", 1)));
        Api.Response lineBreaks = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "line breaks in data",
                "configuration", Map.of("note", "first line\r\nsecond line\tand a tab")));

        assertThat(inValue.status()).isEqualTo(400);
        assertThat(inValue.text("field")).isEqualTo("configuration.waves[0].note");
        assertThat(inKey.status()).isEqualTo(400);
        assertThat(inKey.text("field")).isEqualTo("configuration");
        assertThat(lineBreaks.status()).as("data keeps its tabs and line breaks").isEqualTo(201);
    }

    @Test
    void free_text_keeps_its_line_breaks_but_no_other_control_character() {
        String flow = createFlow("planning", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());

        Api.Response bell = api.post("/api/v1/flows/" + flow + "/phases/wave_planning/fail",
                Map.of("attempt", 1, "error", "solver \u0007 rang", "retryable", true));
        Api.Response multiLine = api.post("/api/v1/flows/" + flow + "/phases/wave_planning/fail",
                Map.of("attempt", 1, "error", "solver timed out\n\tat Solver.run", "retryable", true));

        assertThat(bell.status()).isEqualTo(400);
        assertThat(bell.text("field")).isEqualTo("error");
        assertThat(multiLine.status()).as(multiLine.toString()).isEqualTo(200);
    }

    @Test
    void a_worker_output_query_parameter_or_header_with_a_control_character_is_refused_naming_it() {
        String flow = createFlow("planning", false);
        Api worker = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.WORKER));
        api.post("/api/v1/flows/" + flow + "/execute", Map.of());
        String taskId = StreamSupport.stream(worker.post("/api/v1/tasks/claim", Map.of("maxTasks", 100)).body().path("tasks").spliterator(), false)
                .filter(task -> task.path("flowId").asText().equals(flow)).findFirst().orElseThrow().path("taskId").asText();

        Api.Response output = worker.post("/api/v1/tasks/" + taskId + "/complete", Map.of("output", Map.of("waves", "4\u0000")));
        Api.Response reason = api.delete("/api/v1/flows/" + flow + "?reason=a%00b");
        Api.Response correlation = api.withHeader("X-Correlation-Id", "c".repeat(256)).post("/api/v1/flows/" + flow + "/pause", Map.of());

        assertThat(output.status()).isEqualTo(400);
        assertThat(output.text("field")).isEqualTo("output.waves");
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.text("field")).isEqualTo("reason");
        assertThat(correlation.status()).isEqualTo(400);
        assertThat(correlation.text("field")).isEqualTo("X-Correlation-Id");
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted");
    }
}
