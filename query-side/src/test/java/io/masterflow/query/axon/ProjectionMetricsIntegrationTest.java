package io.masterflow.query.axon;

import io.masterflow.testsupport.Api;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.testsupport.Scrape;
import org.junit.jupiter.api.Test;


import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side's meters as Prometheus reads them, from its management port without a token: each processor's lag
 * in events and in time, and its dead letters, tagged by processor alone; the API's port shows none of it.
 */
class ProjectionMetricsIntegrationTest extends IntegrationTest {

    @Test
    void each_processor_shows_its_lag_in_events_and_in_time_and_its_dead_letters() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, Instant.now().truncatedTo(ChronoUnit.MILLIS)).by("metered-user").created("planning", "scraped");
        awaitProjected(tenant, flow);
        awaitAudited(flow);

        for (String processor : QueryProcessors.ALL) {
            eventually(() -> Scrape.of(managementPort).value("masterflow_processor_lag", "processor", processor) == 0,
                    processor + " caught up by its lag gauge");
            eventually(() -> Scrape.of(managementPort).value("masterflow_processor_lag_time_seconds", "processor", processor) == 0,
                    processor + " caught up by its lag in time");
            Scrape scrape = Scrape.of(managementPort);
            assertThat(scrape.value("masterflow_processor_dead_letters", "processor", processor)).as(processor).isGreaterThanOrEqualTo(0);
            assertThat(scrape.has("masterflow_processor_failing")).isTrue();
        }
        Scrape scrape = Scrape.of(managementPort);
        assertThat(scrape.value("masterflow_event_store_reachable")).isEqualTo(1);
        assertThat(scrape.samples().stream().filter(sample -> sample.name().equals("masterflow_flows_in_status"))
                .map(sample -> sample.labels().get("status")))
                .containsExactlyInAnyOrder("created", "running", "waiting", "paused", "completed", "failed", "deleted");
        assertThat(scrape.text()).doesNotContain(tenant.account().toString(), tenant.engagement().toString(), flow.idText(),
                "metered-user");
    }

    @Test
    void a_processor_that_cannot_store_its_events_falls_behind_in_seconds_and_says_it_fails() {
        Tenant tenant = Tenant.fresh();
        FlowStory flow = story(tenant, Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS));
        jdbc.execute("ALTER TABLE flow_status RENAME TO flow_status_away");
        try {
            flow.created("planning", "stored once the table is back");
            // the failing segment is released between attempts, so this node's lag in events may not show it; its token does
            eventually(() -> {
                Scrape scrape = Scrape.of(managementPort);
                return scrape.value("masterflow_processor_lag_time_seconds", "processor", QueryProcessors.FLOW_STATUS) >= 30
                        && scrape.value("masterflow_processor_failing", "processor", QueryProcessors.FLOW_STATUS) == 1;
            }, "flow-status is behind by the event it cannot store, stored 30 s ago, and fails");
            // the projections share their batches: a table gone fails every batch, and the other projections wait too
            // (an event the database refuses for its data goes to its projection's dead letters instead: DeadLetterIntegrationTest)
            assertThat(Scrape.of(managementPort).value("masterflow_processor_failing", "processor", QueryProcessors.AUDIT_TRAIL)).isOne();
            assertThat(Scrape.of(managementPort).value("masterflow_processor_failing", "processor", QueryProcessors.WEBHOOKS)).isZero();
        } finally {
            jdbc.execute("ALTER TABLE flow_status_away RENAME TO flow_status");
        }
        // the failed segment is tried again after Axon's back-off, which doubles with each failure up to 60 s: on a busy
        // machine the failures above can last long enough for that wait to outlast the read's own
        eventually(Duration.ofSeconds(75), () -> api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id()).status() == 200,
                "flow-status stores the event once its table is back");
        awaitProjected(tenant, flow);
        eventually(() -> Scrape.of(managementPort).value("masterflow_processor_lag_time_seconds", "processor",
                QueryProcessors.FLOW_STATUS) == 0, "flow-status caught up in time too");
    }

    @Test
    void the_scrape_needs_no_token_on_the_management_port_and_the_api_port_serves_none() {
        assertThat(Scrape.of(managementPort).has("masterflow_processor_lag")).isTrue();
        for (String token : new String[] {null, Tokens.viewer(Tenant.fresh()), Tokens.platformOperator()}) {
            Api.Response onApiPort = api(token).get("/actuator/prometheus");
            assertThat(onApiPort.status()).isIn(401, 403, 404);
            assertThat(onApiPort.text()).doesNotContain("masterflow_processor");
        }
    }
}
