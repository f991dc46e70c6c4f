package io.masterflow.legacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.legacy.flow.LegacyFlowIds;
import io.masterflow.legacy.web.LegacyApiDocs;
import io.masterflow.legacy.web.LegacyCallCounter;
import io.masterflow.legacy.web.LegacyFlowIdFilter;
import io.masterflow.legacy.web.LegacyPathFilter;
import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The compatibility layer, in whatever application has it on its class path beside the command and query sides (the
 * one of standalone): the legacy endpoints, legacy flow ids on the current API's flow paths, deprecation headers,
 * the legacy-call meter and the switch that turns it all off.
 */
@AutoConfiguration
@ComponentScan({"io.masterflow.legacy.flow", "io.masterflow.legacy.discovery", "io.masterflow.legacy.crewai",
        "io.masterflow.legacy.orchestration"})
@EnableConfigurationProperties(LegacyProperties.class)
public class LegacyApiConfiguration {

    private static final String[] LEGACY_FAMILIES = {"/api/v1/discovery/**", "/api/v1/crewai/**", "/api/v1/orchestration/**"};

    @Bean
    public FilterRegistrationBean<LegacyPathFilter> legacyPathFilter(LegacyProperties properties, ObjectMapper json) {
        FilterRegistrationBean<LegacyPathFilter> registration = new FilterRegistrationBean<>(new LegacyPathFilter(properties, json));
        // ahead of the security chain: an answer it gives (401, 403) is a legacy answer too
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    @ConditionalOnProperty(name = "masterflow.legacy.enabled", havingValue = "true", matchIfMissing = true)
    public FilterRegistrationBean<LegacyFlowIdFilter> legacyFlowIdFilter(LegacyFlowIds ids) {
        FilterRegistrationBean<LegacyFlowIdFilter> registration = new FilterRegistrationBean<>(new LegacyFlowIdFilter(ids));
        // after the security chain: the caller decides which flows an id may name
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    public WebMvcConfigurer legacyCallMeter(MeterRegistry meters) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new LegacyCallCounter(meters));
            }
        };
    }

    @Bean
    public LegacyApiDocs legacyApiDocs() {
        return new LegacyApiDocs();
    }

    /** Reads for whoever may read flows, changes for flow operators, as on the current API. */
    @Bean
    public ApiAuthorizations legacyAuthorizations() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, LEGACY_FAMILIES).hasAnyAuthority(Roles.FLOW_VIEWER, Roles.AUDITOR)
                .requestMatchers(HttpMethod.POST, LEGACY_FAMILIES).hasAuthority(Roles.FLOW_OPERATOR)
                .requestMatchers(HttpMethod.DELETE, LEGACY_FAMILIES).hasAuthority(Roles.FLOW_OPERATOR);
    }
}
