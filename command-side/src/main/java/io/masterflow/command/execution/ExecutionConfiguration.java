package io.masterflow.command.execution;

import io.masterflow.command.flow.FlowCommands;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.command.worker.PhaseTasks;
import io.masterflow.command.worker.TaskSignals;
import io.masterflow.command.worker.WorkerProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** In-process phase handlers: every {@link PhaseHandler} bean, checked against the flow types, and their runner. */
@Configuration(proxyBeanMethods = false)
public class ExecutionConfiguration {

    @Bean
    public PhaseHandlers phaseHandlers(List<PhaseHandler> handlers, FlowTypeRegistry flowTypes) {
        return new PhaseHandlers(handlers, flowTypes);
    }

    @Bean
    public PhaseHandlerRunner phaseHandlerRunner(PhaseHandlers handlers, PhaseTasks tasks, FlowCommands commands, TaskSignals signals,
                                                 WorkerProperties properties, @Value("${masterflow.handlers.threads:4}") int threads) {
        return new PhaseHandlerRunner(handlers, tasks, commands, signals, properties, threads);
    }
}
