package io.masterflow.security;

import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The verifier of bearer tokens: signed with the shared HS256 secret, or else by the identity provider at Spring's
 * {@code issuer-uri} or {@code jwk-set-uri}. Every token must expire within the maximum lifetime and carry the
 * masterflow claims; a provider's token must also come from the configured issuer, name one of the configured audiences
 * and be signed with an allowed algorithm. A set-up that would accept more than that is refused at start.
 */
final class TokenDecoders {

    private TokenDecoders() {
    }

    static JwtDecoder of(JwtProperties jwt, OAuth2ResourceServerProperties.Jwt provider, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(new JwtTimestampValidator(jwt.clockSkew()),
                new TokenLifetimeValidator(jwt.maxLifetime(), jwt.clockSkew(), clock), new MasterflowClaimsValidator()));
        NimbusJwtDecoder decoder;
        if (!jwt.secret().isBlank()) {
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(HmacSecret.bytes(jwt.secret()), "HmacSHA256")).build();
        } else if (has(provider.getIssuerUri()) || has(provider.getJwkSetUri())) {
            String issuer = has(jwt.issuer()) ? jwt.issuer() : provider.getIssuerUri();
            if (!has(issuer)) {
                throw new IllegalStateException("With spring.security.oauth2.resourceserver.jwt.jwk-set-uri alone, set "
                        + "masterflow.security.jwt.issuer: the identity provider's tokens are checked for their issuer");
            }
            List<String> audiences = jwt.audiences().isEmpty() ? provider.getAudiences() : jwt.audiences();
            if (audiences == null || audiences.isEmpty()) {
                throw new IllegalStateException("Set masterflow.security.jwt.audiences to the audience (aud) the identity "
                        + "provider puts in tokens meant for masterflow: its keys sign every application's tokens");
            }
            List<String> algorithms = jwt.algorithms().isEmpty() ? provider.getJwsAlgorithms() : jwt.algorithms();
            decoder = (has(provider.getIssuerUri()) ? NimbusJwtDecoder.withIssuerLocation(provider.getIssuerUri())
                    : NimbusJwtDecoder.withJwkSetUri(provider.getJwkSetUri()))
                    .jwsAlgorithms(allowed -> algorithms.forEach(name -> allowed.add(algorithm(name))))
                    .build();
            validators.add(new JwtIssuerValidator(issuer));
            validators.add(new AudienceValidator(audiences));
        } else {
            throw new IllegalStateException("No way to verify bearer tokens: set masterflow.security.jwt.secret (HS256, "
                    + "at least 32 bytes) or spring.security.oauth2.resourceserver.jwt.issuer-uri / jwk-set-uri");
        }
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
        return new VerifiedTokenCache(decoder, clock);
    }

    private static SignatureAlgorithm algorithm(String name) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(name.trim());
        if (algorithm == null) {
            throw new IllegalStateException("masterflow.security.jwt.algorithms: '" + name + "' is not a signature algorithm "
                    + "an identity provider's tokens can use (RS256, ES256, PS256 ...)");
        }
        return algorithm;
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
