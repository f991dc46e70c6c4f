package io.masterflow.command.task.web;

import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Tasks are for workers; who works on what is for whoever watches flows, and for workers themselves. */
@Component
public class WorkerApiAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.POST, "/api/v1/tasks/**").hasAuthority(Roles.WORKER)
                .requestMatchers(HttpMethod.GET, "/api/v1/agents", "/api/v1/flows/*/agents").hasAnyAuthority(Roles.FLOW_VIEWER, Roles.WORKER);
    }
}
