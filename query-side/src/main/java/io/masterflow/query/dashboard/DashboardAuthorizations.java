package io.masterflow.query.dashboard;

import io.masterflow.security.ApiAuthorizations;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * The dashboard's page, scripts and styles are open: a browser cannot send a bearer token with a page load, and they
 * hold no tenant data. Everything the page shows comes from the API, which needs the token as before.
 */
@Component
public class DashboardAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, DashboardController.VIEWS).permitAll()
                .requestMatchers(HttpMethod.GET, DashboardResources.PATTERN, "/webjars/**", "/favicon.ico").permitAll();
    }
}
