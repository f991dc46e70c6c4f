package io.masterflow.command.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseStarted;
import io.masterflow.events.personal.SubjectKeys;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a flow type marks as personal (test flow type {@code intake}: the contact's email in the first phase's
 * input, the owner's email in its output) are stored sealed with the account's key, over real HTTP and the real event
 * store: the stored bytes and the task table never hold them, every reader of the store and the worker see them, and
 * once the account's key is gone they read erased while the unmarked fields stay.
 */
class PersonalFieldsIntegrationTest extends IntegrationTest {

    private static final String ENGAGEMENT = Tokens.ENGAGEMENT;
    private static final String ERASED = "[erased]";

    @Autowired
    SubjectKeys subjectKeys;

    private final String contact = "jane-" + UUID.randomUUID() + "@example.org";
    private final String owner = "bob-" + UUID.randomUUID() + "@example.org";
    private UUID account;
    private Api operator;
    private Api worker;

    @DynamicPropertySource
    static void personalFlowTypes(DynamicPropertyRegistry registry) throws IOException {
        String folder = new ClassPathResource("flow-types-personal").getFile().getPath();
        registry.add("masterflow.flow-types.external-dir", () -> folder);
    }

    @BeforeEach
    void tenant() {
        account = UUID.randomUUID();
        operator = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));
        worker = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.WORKER));
    }

    @Test
    void marked_fields_are_stored_sealed_read_opened_and_erased_with_the_accounts_key() {
        String flow = startedIntake(operator, Map.of("contactEmail", contact, "ticket", "T-1"));

        assertThat(stored(flow, 0)).as("the flow pins the marks with its phases")
                .contains("\"personal\":[\"input.contactEmail\",\"output.owner.email\"]");
        assertThat(stored(flow, 1)).as("the stored input").doesNotContain(contact);
        JsonNode storedInput = json(stored(flow, 1)).path("input");
        assertThat(storedInput.path("contactEmail").asText()).startsWith("enc:v1:");
        assertThat(storedInput.path("ticket").asText()).as("an unmarked field stays plain").isEqualTo("T-1");
        assertThat(storedMetaData(flow, 1)).contains("\"personalFields\":[\"input.contactEmail\"]");
        assertThat(((PhaseStarted) opened(flow, 1)).input()).isEqualTo(Map.of("contactEmail", contact, "ticket", "T-1"));
        assertThat(jdbc.queryForObject("select input::text from phase_task where flow_id = ?", String.class, flow))
                .as("the task waiting for a worker keeps the input sealed").doesNotContain(contact).contains("T-1");

        JsonNode task = claimOne(worker);
        assertThat(task.path("input").path("contactEmail").asText()).as("the worker gets it opened").isEqualTo(contact);
        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                Map.of("output", Map.of("owner", Map.of("email", owner, "team", "ops"), "verdict", "accepted")));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted", "PhaseStarted");
        assertThat(stored(flow, 2)).doesNotContain(owner).contains("\"team\":\"ops\"").contains("\"verdict\":\"accepted\"");
        assertThat(stored(flow, 3)).as("the output handed over as the next input stays sealed").doesNotContain(owner);
        assertThat(((PhaseCompleted) opened(flow, 2)).output())
                .isEqualTo(Map.of("owner", Map.of("email", owner, "team", "ops"), "verdict", "accepted"));
        assertThat(((PhaseStarted) opened(flow, 3)).input())
                .isEqualTo(Map.of("owner", Map.of("email", owner, "team", "ops"), "verdict", "accepted"));

        int destroyed = jdbc.update("delete from personal_data_key where client_account_id = ? and user_id is null", account);
        subjectKeys.forgetCached();

        assertThat(destroyed).as("one key of the account itself").isEqualTo(1);
        assertThat(((PhaseStarted) opened(flow, 1)).input()).isEqualTo(Map.of("contactEmail", ERASED, "ticket", "T-1"));
        assertThat(((PhaseCompleted) opened(flow, 2)).output())
                .isEqualTo(Map.of("owner", Map.of("email", ERASED, "team", "ops"), "verdict", "accepted"));
        assertThat(userOf(flow, 2)).as("a user's own key is not the account's").isEqualTo("user-worker");
        JsonNode review = claimOne(worker);
        assertThat(review.path("input").path("owner").path("email").asText()).as("a waiting task is erased too").isEqualTo(ERASED);
        assertThat(review.path("input").path("owner").path("team").asText()).isEqualTo("ops");
    }

    @Test
    void a_sealed_value_copied_into_another_accounts_flow_does_not_open_there() {
        String flow = startedIntake(operator, Map.of("contactEmail", contact));
        String sealed = json(stored(flow, 1)).path("input").path("contactEmail").asText();
        UUID otherAccount = UUID.randomUUID();
        Api otherOperator = api.as(Tokens.token(otherAccount, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));

        String copied = startedIntake(otherOperator, Map.of("contactEmail", "someone@example.org", "ticket", sealed));

        assertThat(((PhaseStarted) opened(copied, 1)).input().get("ticket")).as("bound to its flow: it reads erased elsewhere")
                .isEqualTo(ERASED);
        assertThat(((PhaseStarted) opened(flow, 1)).input().get("contactEmail")).isEqualTo(contact);
        String copiedIntoMarkedField = startedIntake(otherOperator, Map.of("contactEmail", sealed));
        assertThat(((PhaseStarted) opened(copiedIntoMarkedField, 1)).input().get("contactEmail"))
                .as("what a caller sends into a marked field is sealed as sent, and reads back as sent").isEqualTo(sealed);
    }

    @Test
    void a_flow_type_without_marks_stores_its_input_as_sent() {
        Api.Response created = operator.post("/api/v1/flows", Map.of("flowType", "planning", "name", "plain", "autoAdvance", false));
        String flow = created.text("flowId");
        operator.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("contactEmail", contact)));

        assertThat(json(stored(flow, 1)).path("input").path("contactEmail").asText()).isEqualTo(contact);
        assertThat(storedMetaData(flow, 1)).doesNotContain("personalFields");
        assertThat(stored(flow, 0)).as("phases without marks are stored as before").doesNotContain("personal");
    }

    private String startedIntake(Api as, Map<String, Object> input) {
        Api.Response created = as.post("/api/v1/flows", Map.of("flowType", "intake", "name", "intake", "autoAdvance", true));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flow = created.text("flowId");
        Api.Response started = as.post("/api/v1/flows/" + flow + "/execute", Map.of("input", input));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return flow;
    }

    private JsonNode claimOne(Api as) {
        Api.Response claimed = as.post("/api/v1/tasks/claim", Map.of("maxTasks", 1, "waitSeconds", 5));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        return claimed.body().path("tasks").path(0);
    }

    private String stored(String flow, long sequence) {
        return new String(jdbc.queryForObject("select payload from domainevententry where aggregateidentifier = ? and sequencenumber = ?",
                byte[].class, flow, sequence), StandardCharsets.UTF_8);
    }

    private String storedMetaData(String flow, long sequence) {
        return new String(jdbc.queryForObject("select metadata from domainevententry where aggregateidentifier = ? and sequencenumber = ?",
                byte[].class, flow, sequence), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return EventSerialization.objectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
