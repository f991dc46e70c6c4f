package io.masterflow.query;

import io.masterflow.testsupport.Api;
import io.masterflow.query.support.EventStream;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one account may take of the query side: a bounded rate of reads and a bounded number of live streams, waiting
 * reads and exports. The call over a limit gets 429 with Retry-After, while another account's calls in the same
 * seconds go through. The limited accounts' own limits are IntegrationTest's.
 */
class AccountLimitsIntegrationTest extends IntegrationTest {

    @Test
    void a_tenant_over_its_read_rate_gets_429_while_another_tenants_reads_still_succeed() {
        Api limited = api(Tokens.viewer(Tenant.of(Tenant.READ_LIMITED)));

        List<Integer> answers = IntStream.range(0, 4).mapToObj(i -> limited.get("/api/v1/flows").status()).toList();
        Api.Response refused = limited.get("/api/v1/flows");
        Api.Response other = api(Tokens.viewer(Tenant.fresh())).get("/api/v1/flows");

        assertThat(answers.subList(0, 2)).containsOnly(200);
        assertThat(answers).contains(429);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        assertThat(refused.text("detail")).contains("masterflow.limits.reads");
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void a_tenant_over_its_live_streams_gets_429_while_another_tenant_opens_one() {
        Tenant limited = Tenant.of(Tenant.STREAM_LIMITED);
        try (EventStream first = EventStream.open(port, Tokens.viewer(limited), "/api/v1/stream", null).awaitOpen();
             EventStream second = EventStream.open(port, Tokens.viewer(limited), "/api/v1/stream", null);
             EventStream others = EventStream.open(port, Tokens.viewer(Tenant.fresh()), "/api/v1/stream", null)) {
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.body()).contains("masterflow.limits.live-streams");
            assertThat(others.status()).isEqualTo(200);
        }
    }

    @Test
    void a_tenant_over_its_waiting_reads_gets_429_while_another_tenants_read_still_waits() throws Exception {
        Api limited = api(Tokens.viewer(Tenant.of(Tenant.WAIT_LIMITED)));
        String waitForNothing = "/api/v1/flows/" + UUID.randomUUID() + "?minVersion=1&waitMs=2000";

        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(() -> limited.get(waitForNothing));
        Thread.sleep(500);
        Api.Response overLimit = limited.get(waitForNothing);
        Api.Response otherWaits = api(Tokens.viewer(Tenant.fresh())).get(waitForNothing);
        Api.Response noWait = limited.get("/api/v1/flows/" + UUID.randomUUID());

        assertThat(overLimit.status()).isEqualTo(429);
        assertThat(overLimit.text("detail")).contains("masterflow.limits.waiting-reads");
        assertThat(otherWaits.status()).as("it waited, then found no such flow").isEqualTo(404);
        assertThat(noWait.status()).as("a read that does not wait holds no place").isEqualTo(404);
        assertThat(waiting.get().status()).isEqualTo(404);
    }

    @Test
    void a_tenant_over_its_exports_gets_429_while_another_tenant_exports() {
        Api.Response refused = api(Tokens.auditor(Tenant.of(Tenant.EXPORT_LIMITED))).get("/api/v1/audit/export?format=jsonl");
        Api.Response other = api(Tokens.auditor(Tenant.fresh())).get("/api/v1/audit/export?format=jsonl");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("detail")).contains("masterflow.limits.exports");
        assertThat(other.status()).isEqualTo(200);
    }
}
