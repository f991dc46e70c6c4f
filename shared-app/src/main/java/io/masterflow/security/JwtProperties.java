package io.masterflow.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How bearer tokens are verified ({@code masterflow.security.jwt.*}); where an identity provider's keys are comes from
 * Spring's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}.
 *
 * @param secret      the HS256 secret masterflow's own tokens are signed with; when set, no identity provider is asked
 * @param issuer      the {@code iss} an identity provider's tokens must carry; required with {@code jwk-set-uri} alone
 *                    (with {@code issuer-uri} that is the issuer)
 * @param audiences   the {@code aud} values meant for this service: a provider's token must name one of them. Required
 *                    with an identity provider, whose keys sign tokens for every application it serves
 * @param algorithms  the signature algorithms an identity provider's tokens may use
 * @param clockSkew   how far the clocks of issuer and server may disagree when {@code exp} and {@code nbf} are checked
 * @param maxLifetime the longest a token may live (from {@code iat}, else from now, to {@code exp}); the {@code token}
 *                    command refuses to sign a longer one
 */
@ConfigurationProperties(prefix = "masterflow.security.jwt")
public record JwtProperties(String secret, String issuer, List<String> audiences, List<String> algorithms,
                           Duration clockSkew, Duration maxLifetime) {

    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofDays(30);
    /** The environment variable the servers and the {@code token} command read the maximum lifetime from. */
    public static final String MAX_LIFETIME_VARIABLE = "MASTERFLOW_SECURITY_JWT_MAX_LIFETIME";

    public JwtProperties {
        secret = Objects.requireNonNullElse(secret, "");
        issuer = Objects.requireNonNullElse(issuer, "");
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
        clockSkew = Objects.requireNonNullElse(clockSkew, Duration.ofSeconds(60));
        maxLifetime = Objects.requireNonNullElse(maxLifetime, DEFAULT_MAX_LIFETIME);
    }
}
