package io.masterflow.command.flowtype.web;

import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;
import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class FlowTypeControllerTest {

    private static final PhaseDefinition IMPORT = new PhaseDefinition(PhaseName.of("data_import"), true, Duration.ofMinutes(30),
            new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5)),
            List.of(new ValidatorRef("required-keys", Map.of("keys", List.of("source")))), "external");
    private static final PhaseDefinition REVIEW = new PhaseDefinition(PhaseName.of("review"), false, null, null, null, "reviewer");

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FlowTypeController(new FlowTypeRegistry(List.of(
            new FlowTypeDefinition("discovery", 1, "first", List.of(IMPORT)),
            new FlowTypeDefinition("discovery", 2, "second", List.of(IMPORT, REVIEW)),
            new FlowTypeDefinition("assessment", 1, "assess", List.of(REVIEW)))))).build();

    @Test
    void the_list_shows_the_latest_version_of_each_type_by_name() throws Exception {
        mvc.perform(get("/api/v1/flow-types"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].type").value("assessment"))
                .andExpect(jsonPath("$[1].type").value("discovery"))
                .andExpect(jsonPath("$[1].version").value(2))
                .andExpect(jsonPath("$[1].description").value("second"))
                .andExpect(jsonPath("$[1].versions", contains(1, 2)))
                .andExpect(jsonPath("$[1].phases[*].name", contains("data_import", "review")));
    }

    @Test
    void a_phase_shows_its_limits_retries_validators_and_handler() throws Exception {
        mvc.perform(get("/api/v1/flow-types"))
                .andExpect(jsonPath("$[1].phases[0].required").value(true))
                .andExpect(jsonPath("$[1].phases[0].timeout").value("PT30M"))
                .andExpect(jsonPath("$[1].phases[0].retry.maxAttempts").value(3))
                .andExpect(jsonPath("$[1].phases[0].retry.backoff").value("PT10S"))
                .andExpect(jsonPath("$[1].phases[0].retry.multiplier").value(2.0))
                .andExpect(jsonPath("$[1].phases[0].retry.maxBackoff").value("PT5M"))
                .andExpect(jsonPath("$[1].phases[0].validators[0].name").value("required-keys"))
                .andExpect(jsonPath("$[1].phases[0].validators[0].params.keys", contains("source")))
                .andExpect(jsonPath("$[1].phases[0].handler").value("external"));
    }

    @Test
    void a_phase_without_a_limit_or_retries_shows_no_timeout_and_a_single_attempt() throws Exception {
        mvc.perform(get("/api/v1/flow-types"))
                .andExpect(jsonPath("$[0].phases[0].required").value(false))
                .andExpect(jsonPath("$[0].phases[0].timeout").value(nullValue()))
                .andExpect(jsonPath("$[0].phases[0].retry.maxAttempts").value(1))
                .andExpect(jsonPath("$[0].phases[0].retry.backoff").value("PT0S"))
                .andExpect(jsonPath("$[0].phases[0].validators", hasSize(0)))
                .andExpect(jsonPath("$[0].phases[0].handler").value("reviewer"));
    }

    @Test
    void one_type_shows_every_version_oldest_first() throws Exception {
        mvc.perform(get("/api/v1/flow-types/discovery"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.type").value("discovery"))
                .andExpect(jsonPath("$.versions[*].version", contains(1, 2)))
                .andExpect(jsonPath("$.versions[0].description").value("first"))
                .andExpect(jsonPath("$.versions[0].phases[*].name", contains("data_import")))
                .andExpect(jsonPath("$.versions[1].phases[*].name", contains("data_import", "review")));
    }

    @Test
    void an_unknown_type_is_not_found() throws Exception {
        mvc.perform(get("/api/v1/flow-types/nope"))
                .andExpect(status().isNotFound())
                .andExpect(result -> org.assertj.core.api.Assertions.assertThat(result.getResolvedException())
                        .hasMessageContaining("unknown flow type 'nope'"));
    }
}
