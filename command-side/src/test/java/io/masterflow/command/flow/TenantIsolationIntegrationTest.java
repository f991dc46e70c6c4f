package io.masterflow.command.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.security.Roles;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Another tenant's flow is answered exactly like a flow that does not exist, on every command. */
class TenantIsolationIntegrationTest extends IntegrationTest {

    private static final Map<String, BiFunction<Api, String, Api.Response>> EVERY_COMMAND = Map.of(
            "execute", (api, flow) -> api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x"))),
            "complete", (api, flow) -> api.post("/api/v1/flows/" + flow + "/phases/data_import/complete", Map.of("attempt", 1)),
            "fail", (api, flow) -> api.post("/api/v1/flows/" + flow + "/phases/data_import/fail",
                    Map.of("attempt", 1, "error", "x", "retryable", false)),
            "skip", (api, flow) -> api.post("/api/v1/flows/" + flow + "/phases/data_import/skip", Map.of()),
            "pause", (api, flow) -> api.post("/api/v1/flows/" + flow + "/pause", Map.of()),
            "resume", (api, flow) -> api.post("/api/v1/flows/" + flow + "/resume", Map.of()),
            "delete", (api, flow) -> api.delete("/api/v1/flows/" + flow));

    @Test
    void a_token_of_another_account_gets_not_found_on_every_command_like_for_a_missing_flow() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x")));
        Api stranger = api.as(Tokens.token(Tokens.OTHER_ACCOUNT, List.of("*"), Roles.FLOW_OPERATOR));

        assertLooksMissingToEveryCommand(stranger, flow);
    }

    @Test
    void a_token_for_another_engagement_of_the_same_account_gets_not_found_on_every_command() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x")));
        Api neighbour = api.as(Tokens.token(Tokens.ACCOUNT, List.of(Tokens.OTHER_ENGAGEMENT), Roles.FLOW_OPERATOR));

        assertLooksMissingToEveryCommand(neighbour, flow);
    }

    @Test
    void a_deleted_flow_of_another_tenant_is_not_found_rather_than_gone() {
        String flow = createFlow("discovery", false);
        api.delete("/api/v1/flows/" + flow);
        Api stranger = api.as(Tokens.token(Tokens.OTHER_ACCOUNT, List.of("*"), Roles.FLOW_OPERATOR));

        assertThat(stranger.post("/api/v1/flows/" + flow + "/pause", Map.of()).status()).isEqualTo(404);
    }

    private void assertLooksMissingToEveryCommand(Api caller, String flow) {
        long eventsBefore = eventCount(flow);
        String missing = UUID.randomUUID().toString();
        EVERY_COMMAND.forEach((name, command) -> {
            Api.Response onTheirs = command.apply(caller, flow);
            Api.Response onMissing = command.apply(caller, missing);

            assertThat(onTheirs.status()).as(name + ": " + onTheirs).isEqualTo(404);
            assertThat(onTheirs.text("detail").replace(flow, "ID")).as(name)
                    .isEqualTo(onMissing.text("detail").replace(missing, "ID"));
            assertThat(onTheirs.body().size()).as(name).isEqualTo(onMissing.body().size());
        });
        assertThat(eventCount(flow)).isEqualTo(eventsBefore);
    }
}
