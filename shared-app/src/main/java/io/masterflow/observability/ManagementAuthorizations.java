package io.masterflow.observability;

import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A scraper reads {@code /actuator/prometheus} without a credential, but only on the management port, which listens on
 * loopback (or a cluster network) and never on the API's port: there the same rule would give every tenant the whole
 * platform's figures. When the management port is the API's own port (an operator's choice), the scrape is the
 * platform operator's, like every other metric.
 */
public class ManagementAuthorizations implements ApiAuthorizations {

    private final boolean ownPort;

    public ManagementAuthorizations(Environment environment) {
        this.ownPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
    }

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        // with a port of its own, Boot's endpoint matcher matches requests that arrive on the management server only
        var scrape = requests.requestMatchers(EndpointRequest.to(PrometheusScrapeEndpoint.class));
        if (ownPort) {
            scrape.permitAll();
        } else {
            scrape.hasAuthority(Roles.PLATFORM_OPERATOR);
        }
    }
}
