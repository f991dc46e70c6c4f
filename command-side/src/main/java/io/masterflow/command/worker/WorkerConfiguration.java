package io.masterflow.command.worker;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tasks are written in the transaction of the event that makes them, or that event is not appended either. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

    @Bean
    public ConfigurerModule phaseTasksInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(PhaseTaskProjection.GROUP)
                .registerListenerInvocationErrorHandler(PhaseTaskProjection.GROUP, configuration -> PropagatingErrorHandler.instance()));
    }
}
