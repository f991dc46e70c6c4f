package io.masterflow.command.task;

import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.flowtype.FlowTypeRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The task feature's wiring. Tasks are written in the transaction of the event that makes them, or that event is not
 * appended either. In-process phase handlers: every {@link PhaseHandler} bean, checked against the flow types, and
 * their runner, which claims tasks as workers do.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class TaskConfiguration {

    @Bean
    public ConfigurerModule phaseTasksInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(PhaseTaskProjection.GROUP)
                .registerListenerInvocationErrorHandler(PhaseTaskProjection.GROUP, configuration -> PropagatingErrorHandler.instance()));
    }

    @Bean
    public PhaseHandlers phaseHandlers(List<PhaseHandler> handlers, FlowTypeRegistry flowTypes) {
        return new PhaseHandlers(handlers, flowTypes);
    }

    @Bean
    public PhaseHandlerRunner phaseHandlerRunner(PhaseHandlers handlers, PhaseTasks tasks, FlowCommandSender commands, TaskSignals signals,
                                                 WorkerProperties properties, @Value("${masterflow.handlers.threads:4}") int threads) {
        return new PhaseHandlerRunner(handlers, tasks, commands, signals, properties, threads);
    }
}
