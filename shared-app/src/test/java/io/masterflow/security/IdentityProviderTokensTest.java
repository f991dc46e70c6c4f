package io.masterflow.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens of an identity provider, over real HTTP through the real filter chain: the provider is a real RS256 key whose
 * discovery document and JWKS this test serves over loopback. Only a token of that issuer, for this service's audience,
 * signed with an allowed algorithm, that expires soon enough, gets in; every other is a 401.
 */
class IdentityProviderTokensTest {

    private static final String AUDIENCE = "masterflow-api";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpServer provider;
    private static RSAKey key;
    private static String issuer;
    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeAll
    static void providerAndService() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("provider-key-1").generate();
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/platform";
        serve("/realms/platform/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        serve("/realms/platform/jwks", new JWKSet(key.toPublicJWK()).toString());
        provider.start();
        app = start("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--masterflow.security.jwt.audiences=" + AUDIENCE);
        port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        provider.stop(0);
    }

    @Test
    void a_token_of_the_provider_for_this_service_gets_in() throws Exception {
        assertThat(call(token(claims -> claims))).isEqualTo(200);
    }

    @Test
    void a_token_of_another_issuer_is_refused() throws Exception {
        assertThat(call(token(claims -> claims.issuer("http://127.0.0.1:1/realms/another-tenant")))).isEqualTo(401);
    }

    @Test
    void a_token_for_another_application_is_refused() throws Exception {
        assertThat(call(token(claims -> claims.audience("another-app")))).isEqualTo(401);
    }

    @Test
    void a_token_without_an_expiry_is_refused() throws Exception {
        assertThat(call(token(claims -> claims.expirationTime(null)))).isEqualTo(401);
    }

    @Test
    void an_expired_token_is_refused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertThat(call(token(claims -> claims.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(600))))))
                .isEqualTo(401);
    }

    @Test
    void a_token_signed_with_an_algorithm_not_allowed_is_refused() throws Exception {
        assertThat(call(sign(JWSAlgorithm.RS512, claims(claims -> claims)))).isEqualTo(401);
    }

    @Test
    void a_token_living_longer_than_the_maximum_is_refused() throws Exception {
        assertThat(call(token(claims -> claims.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(31))))))).isEqualTo(401);
    }

    @Test
    void with_a_jwk_set_uri_alone_the_issuer_must_be_named_and_is_checked() throws Exception {
        assertThatThrownBy(() -> start("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/jwks",
                "--masterflow.security.jwt.audiences=" + AUDIENCE))
                .hasStackTraceContaining("masterflow.security.jwt.issuer");

        try (ConfigurableApplicationContext jwkSetOnly = start(
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/jwks",
                "--masterflow.security.jwt.issuer=" + issuer, "--masterflow.security.jwt.audiences=" + AUDIENCE)) {
            int jwkSetOnlyPort = jwkSetOnly.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertThat(call(jwkSetOnlyPort, token(claims -> claims))).isEqualTo(200);
            assertThat(call(jwkSetOnlyPort, token(claims -> claims.issuer("http://127.0.0.1:1/elsewhere")))).isEqualTo(401);
        }
    }

    @Test
    void an_identity_provider_without_an_audience_to_check_does_not_start() {
        assertThatThrownBy(() -> start("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer))
                .hasStackTraceContaining("masterflow.security.jwt.audiences");
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(TokenCheckedApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off")
                .run(arguments);
    }

    private static void serve(String path, String json) {
        provider.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject("alice@platform")
                .claim(TokenClaims.CLIENT_ACCOUNT_ID, UUID.randomUUID().toString())
                .claim(TokenClaims.ENGAGEMENT_IDS, List.of("*"))
                .claim(TokenClaims.ROLES, List.of(Roles.FLOW_VIEWER))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))).build();
    }

    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        return sign(JWSAlgorithm.RS256, claims(change));
    }

    private static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int call(String token) throws IOException, InterruptedException {
        return call(port, token);
    }

    private static int call(int port, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/ping"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        }
        return response.statusCode();
    }

    /** The shared security of every masterflow API, in front of one endpoint any authenticated caller may call. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TokenCheckedApplication.Ping.class)
    static class TokenCheckedApplication {

        @Bean
        ApiAuthorizations pingIsForAnyCaller() {
            return requests -> requests.requestMatchers("/api/v1/ping").authenticated();
        }

        @RestController
        static class Ping {

            @GetMapping("/api/v1/ping")
            String ping() {
                return "pong";
            }
        }
    }
}
