package io.masterflow.legacy.web;

import io.masterflow.legacy.support.LegacyApplicationTest;
import io.masterflow.legacy.support.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators see which tenant still calls which legacy path. */
class LegacyCallMeterTest extends LegacyApplicationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void each_legacy_call_is_counted_by_family_route_status_and_account_and_current_calls_are_not() {
        Tenant tenant = Tenant.fresh();
        String flowId = as(tenant.client()).post("/api/v1/discovery/flows/create",
                Map.of("flow_name", "counted", "engagement_id", tenant.engagement().toString())).field("flow_id");
        as(tenant.client()).get("/api/v1/discovery/flows/" + flowId);
        as(tenant.client()).get("/api/v1/discovery/flows/" + flowId + "/status");
        as(tenant.client()).get("/api/v1/discovery/flows/no-such-flow");
        as(tenant.client()).get("/api/v1/flows/" + flowId);

        String account = tenant.account().toString();
        assertThat(count(account, "/api/v1/discovery/flows/create", "200")).isEqualTo(1);
        assertThat(count(account, "/api/v1/discovery/flows/{flowId}", "200")).isEqualTo(1);
        assertThat(count(account, "/api/v1/discovery/flows/{flowId}/status", "200")).isEqualTo(1);
        assertThat(count(account, "/api/v1/discovery/flows/{flowId}", "404")).isEqualTo(1);
        assertThat(meters.find(LegacyCallCounter.METER).tag("account", account).counters())
                .allSatisfy(counter -> assertThat(counter.getId().getTag("family")).isEqualTo("legacy-discovery"))
                .hasSize(4);
    }

    private double count(String account, String path, String status) {
        var counter = meters.find(LegacyCallCounter.METER).tag("account", account).tag("path", path).tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }
}
