package io.masterflow.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * The role rules of one side's endpoints. A request no rule names is refused, so an endpoint cannot be
 * exposed by forgetting to secure it.
 */
@FunctionalInterface
public interface ApiAuthorizations {

    /** Roles any caller acting within an account may hold. */
    String[] ANY_ROLE = Roles.TENANT_ROLES.toArray(String[]::new);

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
