package io.masterflow.command.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the command side handles commands and snapshots flows; serializers and correlation are shared. */
@Configuration
public class AxonConfiguration {

    @Bean
    public SnapshotTriggerDefinition flowSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${masterflow.snapshot.threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** A lost append race between nodes is a concurrency conflict, retried by the sender, not a server error. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeys();
    }

    /** Rejections travel as {@link CommandRejection} details, so they survive a trip through Axon Server too. */
    @Bean
    public RejectionInterceptor rejectionInterceptor(CommandBus commandBus) {
        RejectionInterceptor interceptor = new RejectionInterceptor();
        commandBus.registerHandlerInterceptor(interceptor);
        return interceptor;
    }
}
