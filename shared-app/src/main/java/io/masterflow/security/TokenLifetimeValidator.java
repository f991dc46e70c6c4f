package io.masterflow.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token must expire, and soon enough: one without {@code exp} would be good forever, and one that lives for a year
 * outlives whoever it was given to. Lifetime counts from {@code iat}, or from now when the token has none.
 */
class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration maxLifetime;
    private final Duration clockSkew;
    private final Clock clock;

    TokenLifetimeValidator(Duration maxLifetime, Duration clockSkew, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return invalid("the token has no 'exp': every token must expire");
        }
        Instant from = jwt.getIssuedAt() != null ? jwt.getIssuedAt() : clock.instant();
        if (Duration.between(from, jwt.getExpiresAt()).compareTo(maxLifetime.plus(clockSkew)) > 0) {
            return invalid("the token lives longer than the " + maxLifetime + " this server accepts");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
