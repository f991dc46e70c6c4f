package io.masterflow.query.flow;

import io.masterflow.testsupport.Api;
import io.masterflow.events.FlowPaused;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A reader who knows the version a command answered with can wait, bounded, until the read model has it. */
class ReadYourWritesIntegrationTest extends IntegrationTest {

    private final Tenant tenant = Tenant.fresh();

    @Test
    void a_query_waiting_for_a_version_answers_as_soon_as_the_projection_has_applied_it() throws Exception {
        FlowStory flow = story(tenant, Instant.parse("2025-08-01T09:00:00Z")).created("planning", "waiting reader");
        awaitProjected(tenant, flow);

        CompletableFuture<Api.Response> reader = CompletableFuture.supplyAsync(() ->
                api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id() + "?minVersion=1&waitMs=5000"));
        Thread.sleep(300);
        assertThat(reader).as("still waiting for version 1").isNotDone();
        flow.then(new FlowPaused(null, "now"));

        Api.Response answer = reader.get(5, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("version").asLong()).isEqualTo(1);
        assertThat(answer.body().path("status").asText()).isEqualTo("PAUSED");
        assertThat(answer.header("X-Read-Model-Stale")).isNull();
        // answered from the batch that reached the version, without reading its rows: exactly what the rows hold
        assertThat(answer.body()).isEqualTo(api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id()).body());
    }

    @Test
    void a_commit_reaching_the_version_another_tenant_waits_for_answers_it_as_an_unknown_flow() throws Exception {
        FlowStory flow = story(tenant, Instant.parse("2025-08-01T09:30:00Z")).created("planning", "not yours");
        awaitProjected(tenant, flow);

        CompletableFuture<Api.Response> stranger = CompletableFuture.supplyAsync(() ->
                api(Tokens.viewer(Tenant.fresh())).get("/api/v1/flows/" + flow.id() + "?minVersion=1&waitMs=1500"));
        Thread.sleep(300);
        flow.then(new FlowPaused(null, "now"));
        awaitProjected(tenant, flow);

        Api.Response answer = stranger.get(5, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain("not yours");
    }

    @Test
    void a_version_the_read_model_does_not_reach_in_time_is_answered_with_the_older_state_marked_stale() {
        FlowStory flow = story(tenant, Instant.parse("2025-08-01T10:00:00Z")).created("planning", "impatient reader");
        awaitProjected(tenant, flow);

        long started = System.nanoTime();
        Api.Response answer = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id() + "?minVersion=7&waitMs=300");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Read-Model-Stale")).isEqualTo("true");
        assertThat(answer.body().path("version").asLong()).isZero();
        // at least the wait asked for, and not the 5 s maximum: the bound is the request's own
        assertThat(tookMs).isBetween(300L, 4900L);
    }

    @Test
    void a_version_already_reached_answers_at_once_and_the_wait_is_bounded() {
        FlowStory flow = story(tenant, Instant.parse("2025-08-01T11:00:00Z")).created("planning", "no wait");
        awaitProjected(tenant, flow);
        Api reader = api(Tokens.viewer(tenant));

        Api.Response answer = reader.get("/api/v1/flows/" + flow.id() + "?minVersion=0");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Read-Model-Stale")).isNull();
        assertThat(reader.get("/api/v1/flows/" + flow.id() + "?minVersion=0&waitMs=5001").text("field")).isEqualTo("waitMs");
        assertThat(reader.get("/api/v1/flows/" + flow.id() + "?minVersion=-1").text("field")).isEqualTo("minVersion");
    }
}
