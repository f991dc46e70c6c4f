package io.masterflow.observability;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * Tracing across Axon's messages, on only with {@code management.tracing.enabled=true}: the trace context goes into the
 * metadata of commands and events, and commands and projections handle them in spans of that trace. Off, nothing is
 * registered, and no message pays for it.
 */
@AutoConfiguration(after = {MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class})
@ConditionalOnEnabledTracing
@ConditionalOnBean({Tracer.class, Propagator.class})
public class TracingAutoConfiguration {

    /**
     * On the buses a side has, looked up when this bean is made: a condition on their beans would be judged before
     * Axon's auto-configuration declares them, and turn all of this off without a word.
     */
    @Bean
    public TraceContextPropagation traceContextPropagation(Tracer tracer, Propagator propagator,
                                                           ObjectProvider<CommandBus> commandBus, ObjectProvider<EventBus> eventBus) {
        TraceContextPropagation propagation = new TraceContextPropagation(tracer, propagator);
        commandBus.ifAvailable(bus -> {
            bus.registerDispatchInterceptor(propagation);
            bus.registerHandlerInterceptor(new TracedHandling(tracer, propagator, "command"));
        });
        eventBus.ifAvailable(bus -> bus.registerDispatchInterceptor(propagation));
        return propagation;
    }

    @Bean
    public ConfigurerModule tracedProcessors(Tracer tracer, Propagator propagator) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerDefaultHandlerInterceptor(
                (configuration, processor) -> new TracedHandling(tracer, propagator, processor)));
    }
}
