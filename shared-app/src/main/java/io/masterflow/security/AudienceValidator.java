package io.masterflow.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;

/**
 * An identity provider signs tokens for every application it serves with the same keys: only one whose {@code aud}
 * names this service is meant for it.
 */
class AudienceValidator implements OAuth2TokenValidator<Jwt> {

    private final List<String> audiences;

    AudienceValidator(List<String> audiences) {
        this.audiences = List.copyOf(audiences);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<String> named = jwt.getAudience();
        if (named != null && named.stream().anyMatch(audiences::contains)) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "the token is not meant for this service: its 'aud' names none of the audiences it accepts", null));
    }
}
