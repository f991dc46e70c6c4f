package io.masterflow.security;

import io.masterflow.events.ClientAccountId;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Optional;

/** The one place where a request's caller is read from its verified token. */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Caller.class.equals(parameter.getParameterType());
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        return current().orElseThrow(() -> new IllegalStateException("no verified bearer token on this request"));
    }

    /** The caller of the request this thread serves, once its token is verified: for code that runs outside a handler. */
    public static Optional<Caller> current() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken authentication)) {
            return Optional.empty();
        }
        Jwt jwt = authentication.getToken();
        return Optional.of(new Caller(jwt.getSubject(), ClientAccountId.of(jwt.getClaimAsString(TokenClaims.CLIENT_ACCOUNT_ID)),
                EngagementScope.of(jwt.getClaimAsStringList(TokenClaims.ENGAGEMENT_IDS))));
    }
}
