package io.masterflow.command.web;

import io.masterflow.testsupport.Api;
import io.masterflow.command.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What a request through the security chain is observed as, by default: its HTTP metrics, not each security filter. */
class ObservationsIntegrationTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void a_request_is_timed_as_an_http_request_and_not_filter_by_filter_in_the_security_chain() {
        Api.Response flowTypes = api.get("/api/v1/flow-types");
        assertThat(flowTypes.status()).isEqualTo(200);

        assertThat(meters.find("http.server.requests").tag("uri", "/api/v1/flow-types").timer()).isNotNull();
        assertThat(meters.getMeters()).map(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security"));
    }
}
