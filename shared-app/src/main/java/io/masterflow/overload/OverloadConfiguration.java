package io.masterflow.overload;

import io.masterflow.web.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Load shedding of a node ({@link OverloadFilter}): Tomcat's worker pool replaced by the same pool that stamps the
 * time each request starts to wait, and a filter ahead of every other that refuses what waited too long. The
 * management port keeps its own pool, so health checks are answered however loaded the API is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(TomcatServletWebServerFactory.class)
@EnableConfigurationProperties(OverloadProperties.class)
public class OverloadConfiguration {

    @Bean
    QueueTimedWorkers queueTimedWorkers(OverloadProperties overload, ServerProperties server) {
        return new QueueTimedWorkers(overload, server);
    }

    @Bean
    FilterRegistrationBean<OverloadFilter> overloadFilter(OverloadProperties overload, ProblemResponses problems, MeterRegistry meters) {
        FilterRegistrationBean<OverloadFilter> registration = new FilterRegistrationBean<>(new OverloadFilter(overload, problems, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(overload.enabled());
        return registration;
    }
}
