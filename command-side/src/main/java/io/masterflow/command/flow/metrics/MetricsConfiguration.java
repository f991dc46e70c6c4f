package io.masterflow.command.flow.metrics;

import org.axonframework.eventhandling.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The flows' meters count the events this side's aggregates publish, whatever store they go to. */
@Configuration
public class MetricsConfiguration {

    @Bean
    public FlowEventMeters flowEventMeters(FlowMeters meters, EventBus eventBus) {
        FlowEventMeters eventMeters = new FlowEventMeters(meters);
        eventBus.registerDispatchInterceptor(eventMeters);
        return eventMeters;
    }
}
