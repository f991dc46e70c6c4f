package io.masterflow.limits;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * What keeps one account from taking a node from the others ({@code masterflow.limits.*}): request bodies bounded in
 * size and, as JSON, in depth and string length; per-account rates; per-account caps on long-lived requests
 * ({@link ConcurrencyLimits}, which the sides apply where such requests begin). The filters run after the security
 * chain, so they know the account, and a refused token is answered before any limit is counted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitProperties.class)
@Import({Limits.class, ConcurrencyLimits.class})
public class LimitsConfiguration {

    private static final String API = "/api/*";

    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(Limits limits, ObjectProvider<LargeRequestBody> largeBodies,
                                                                           ProblemResponses problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits, largeBodies.orderedStream().toList(), problems));
        registration.addUrlPatterns(API);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<RateLimitFilter> rateLimit(Limits limits, ProblemResponses problems) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits, problems));
        registration.addUrlPatterns(API);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
        return registration;
    }

    /**
     * The JSON parser of request bodies stops at {@code masterflow.limits.json-depth} levels and strings of
     * {@code json-string-length} (Jackson's own bounds: 500 levels, 20 million characters), except that a body which may
     * carry an inventory ({@link LargeRequestBody}) may hold strings as long as the largest inventory.
     */
    @Bean
    public WebMvcConfigurer jsonRequestLimits(Limits limits, ObjectProvider<LargeRequestBody> largeBodies) {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                for (HttpMessageConverter<?> converter : converters) {
                    if (converter instanceof MappingJackson2HttpMessageConverter jackson) {
                        ObjectMapper original = jackson.getObjectMapper();
                        jackson.setObjectMapper(bounded(original, limits.jsonDepth(), limits.jsonStringLength()));
                        ObjectMapper forInventories = bounded(original, limits.jsonDepth(), limits.largestInventory());
                        largeBodies.orderedStream().filter(large -> large.type() != null).forEach(large -> jackson.registerObjectMappersForType(large.type(),
                                mappers -> mappers.put(MediaType.APPLICATION_JSON, forInventories)));
                    }
                }
            }
        };
    }

    private static ObjectMapper bounded(ObjectMapper original, int depth, long stringLength) {
        ObjectMapper copy = original.copy();
        copy.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(depth)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, stringLength))
                .build());
        return copy;
    }
}
