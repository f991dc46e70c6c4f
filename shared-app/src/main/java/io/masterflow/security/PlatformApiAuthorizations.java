package io.masterflow.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/** The metrics of every side add up all tenants' work, so they are the platform operator's alone. */
public class PlatformApiAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers("/actuator/metrics", "/actuator/metrics/**").hasAuthority(Roles.PLATFORM_OPERATOR);
    }
}
