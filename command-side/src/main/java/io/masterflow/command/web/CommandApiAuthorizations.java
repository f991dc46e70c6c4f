package io.masterflow.command.web;

import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Commands (and storing the inventories they import) need flow-operator; a stored inventory is read back by whoever
 * runs or watches its import; the flow types are for anyone who works with flows. Restoring an archived flow is the
 * platform operator's, or an account's admin's for its own account.
 */
@Component
public class CommandApiAuthorizations implements ApiAuthorizations {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/v1/flow-types", "/api/v1/flow-types/**").hasAnyAuthority(ANY_ROLE)
                // a worker reads the inventory its task's input names
                .requestMatchers(HttpMethod.GET, "/api/v1/inventories/*").hasAnyAuthority(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.WORKER)
                .requestMatchers(HttpMethod.POST, "/api/v1/flows", "/api/v1/flows/**", "/api/v1/inventories").hasAuthority(Roles.FLOW_OPERATOR)
                .requestMatchers(HttpMethod.PATCH, "/api/v1/flows/*/configuration").hasAuthority(Roles.FLOW_OPERATOR)
                .requestMatchers(HttpMethod.DELETE, "/api/v1/flows/**").hasAuthority(Roles.FLOW_OPERATOR)
                .requestMatchers(HttpMethod.POST, "/api/v1/admin/archived-flows/*/restore").hasAnyAuthority(Roles.PLATFORM_OPERATOR, Roles.ADMIN);
    }
}
