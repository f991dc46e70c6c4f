package io.masterflow.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * The role rules of one side's endpoints. A request no rule names is refused, so an endpoint cannot be
 * exposed by forgetting to secure it.
 */
@FunctionalInterface
public interface ApiAuthorizations {

    /** Roles any authenticated caller of masterflow may hold. */
    String[] ANY_ROLE = {Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.AUDITOR, Roles.WORKER, Roles.ADMIN};

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
