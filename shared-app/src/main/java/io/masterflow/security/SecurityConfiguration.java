package io.masterflow.security;

import io.masterflow.web.ProblemResponses;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Every API endpoint needs a valid bearer token; roles from the token's {@code roles} claim decide which, by
 * the rules each side contributes as {@link ApiAuthorizations}. Health and the API description are open: they
 * hold no tenant data. One filter chain serves however many sides run in the process.
 */
@Configuration
@EnableConfigurationProperties({JwtProperties.class, OAuth2ResourceServerProperties.class})
public class SecurityConfiguration {

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, ProblemResponses problems,
                                           List<ApiAuthorizations> authorizations) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                            .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                            .requestMatchers("/error").permitAll();
                    authorizations.forEach(rules -> rules.authorize(requests));
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .build();
    }

    /**
     * No Spring Security observations (one per filter of the chain, per authentication and per authorization, on every
     * request), unless {@code management.observations.enable.spring.security} is {@code true}. Turning them off with
     * that property alone keeps them, as no-ops still made and looked up per filter; without this bean's settings the
     * chain is not wrapped at all. HTTP request metrics ({@code http.server.requests}) stay on either way.
     */
    @Bean
    @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false", matchIfMissing = true)
    public SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Tokens signed with the shared HS256 secret, or else by the identity provider configured with Spring's
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}, checked as
     * {@link TokenDecoders} says; a token that fails a check is refused (401).
     */
    @Bean
    public JwtDecoder jwtDecoder(JwtProperties jwt, OAuth2ResourceServerProperties resourceServer) {
        return TokenDecoders.of(jwt, resourceServer.getJwt(), Clock.systemUTC());
    }

    private static JwtAuthenticationConverter rolesAsAuthorities() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<String> roles = jwt.getClaimAsStringList(TokenClaims.ROLES);
            Collection<GrantedAuthority> authorities = roles == null ? List.of()
                    : roles.stream().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
            return authorities;
        });
        return converter;
    }
}
