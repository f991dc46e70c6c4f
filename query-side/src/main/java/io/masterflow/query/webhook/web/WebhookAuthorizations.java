package io.masterflow.query.webhook.web;

import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Webhooks send an account's events out of the platform: creating, reading and deleting them is for the account's
 * admins, whatever the method.
 */
@Component
public class WebhookAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**").hasAuthority(Roles.ADMIN);
    }
}
