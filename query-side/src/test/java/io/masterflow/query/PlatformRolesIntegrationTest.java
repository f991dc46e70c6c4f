package io.masterflow.query;

import io.masterflow.testsupport.Api;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every tenant shares (the projections and their rebuilds, the dead letters of no account, the metrics) is the
 * platform operator's: an account's admin operates its own account, never the platform.
 */
class PlatformRolesIntegrationTest extends IntegrationTest {

    private static final String UNOWNED = "/api/v1/admin/dead-letters/" + QueryProcessors.FLOW_STATUS + "/unowned";

    /** Each platform call, made by the given caller; none of them changes anything when it is refused. */
    private static final List<Function<Api, Api.Response>> PLATFORM_CALLS = List.of(
            api -> api.get("/api/v1/admin/projections"),
            api -> api.get("/api/v1/admin/projections/" + QueryProcessors.FLOW_STATUS),
            api -> api.post("/api/v1/admin/projections/" + QueryProcessors.FLOW_STATUS + "/rebuild"),
            api -> api.delete("/api/v1/admin/projections/" + QueryProcessors.FLOW_STATUS + "/rebuild"),
            api -> api.get("/api/v1/admin/dead-letters/unowned"),
            api -> api.post(UNOWNED + "/retry"),
            api -> api.delete(UNOWNED),
            api -> api.get("/actuator/metrics"),
            api -> api.get("/actuator/metrics/masterflow.processor.lag"));

    @Test
    void an_account_admin_gets_403_on_every_platform_endpoint() {
        Api admin = api(Tokens.admin(Tenant.fresh()));

        assertThat(PLATFORM_CALLS).allSatisfy(call -> {
            Api.Response answer = call.apply(admin);
            assertThat(answer.status()).as(answer.text()).isEqualTo(403);
            assertThat(answer.contentType()).contains("application/problem+json");
        });
    }

    @Test
    void the_platform_operator_reads_the_projections_the_unowned_letters_and_the_metrics() {
        Api operator = api(Tokens.platformOperator());

        assertThat(operator.get("/api/v1/admin/projections").status()).isEqualTo(200);
        assertThat(operator.get("/api/v1/admin/dead-letters/unowned").body().path("unownedLetters").has(QueryProcessors.FLOW_STATUS)).isTrue();
        assertThat(management(Tokens.platformOperator()).get("/actuator/metrics/masterflow.processor.lag").status()).isEqualTo(200);
        assertThat(management(Tokens.admin(Tenant.fresh())).get("/actuator/metrics/masterflow.processor.lag").status()).isEqualTo(403);
    }

    @Test
    void an_account_admin_keeps_the_dead_letters_of_its_own_account() {
        Api.Response own = api(Tokens.admin(Tenant.fresh())).get("/api/v1/admin/dead-letters");

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().has("unownedLetters")).as("letters of no account are counted for the platform only").isFalse();
    }

    @Test
    void the_platform_operator_reads_no_account_data() {
        Api operator = api(Tokens.platformOperator());

        assertThat(operator.get("/api/v1/flows").status()).isEqualTo(403);
        assertThat(operator.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(operator.get("/api/v1/admin/dead-letters").status()).isEqualTo(403);
    }

    @Test
    void a_token_that_mixes_the_platform_with_an_account_is_refused() {
        String mixed = Tokens.token(UUID.randomUUID(), List.of("*"), Roles.ADMIN, Roles.PLATFORM_OPERATOR);

        Api.Response answer = api(mixed).get("/api/v1/admin/projections");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("detail")).contains("platform-operator", "no account");
    }
}
