package io.masterflow.query.web;

import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Reading flows, their assets, the analytics and the live stream needs flow-viewer (an auditor reads them too); a
 * flow's raw history, its past states and the audit trail need auditor; an account's own dead letters need admin.
 * Erasing personal data is the platform operator's, or an admin's for the users of its own account.
 * What every tenant shares (the projections and their rebuilds, the dead letters of no account) is the platform
 * operator's. The narrower rules come first: the first matching rule decides.
 */
@Component
public class QueryApiAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        // erasure: the platform operator for any user or account, an account's admin for its own users (checked there)
        requests.requestMatchers(HttpMethod.POST, "/api/v1/admin/erasure").hasAnyAuthority(Roles.PLATFORM_OPERATOR, Roles.ADMIN)
                .requestMatchers("/api/v1/admin/projections", "/api/v1/admin/projections/**",
                        "/api/v1/admin/dead-letters/unowned", "/api/v1/admin/dead-letters/*/unowned",
                        "/api/v1/admin/dead-letters/*/unowned/**").hasAuthority(Roles.PLATFORM_OPERATOR)
                .requestMatchers("/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/**").hasAuthority(Roles.ADMIN)
                .requestMatchers(HttpMethod.GET, "/api/v1/flows/*/history", "/api/v1/flows/*/state").hasAuthority(Roles.AUDITOR)
                .requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**").hasAuthority(Roles.AUDITOR)
                .requestMatchers(HttpMethod.GET, "/api/v1/flows", "/api/v1/flows/**", "/api/v1/analytics", "/api/v1/stream")
                .hasAnyAuthority(Roles.FLOW_VIEWER, Roles.AUDITOR);
    }
}
