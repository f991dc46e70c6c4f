package io.masterflow.command.axon;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.util.Map;

/** How Axon stores and correlates messages on the command side. */
@Configuration
public class AxonConfiguration {

    @Bean
    @Primary
    public Serializer serializer() {
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return EventSerialization.serializer();
    }

    @Bean
    public SnapshotTriggerDefinition flowSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${masterflow.snapshot.threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** The user who caused a message is carried to every message it causes. */
    @Bean
    public CorrelationDataProvider userCorrelation() {
        return new SimpleCorrelationDataProvider(MetaDataKeys.USER_ID);
    }

    /**
     * correlationId is shared by every message of one request (the caller's X-Correlation-Id, or the first
     * command's id); causationId names the message that directly caused this one.
     */
    @Bean
    public CorrelationDataProvider requestCorrelation() {
        return message -> Map.of(
                MetaDataKeys.CAUSATION_ID, message.getIdentifier(),
                MetaDataKeys.CORRELATION_ID, message.getMetaData().getOrDefault(MetaDataKeys.CORRELATION_ID, message.getIdentifier()));
    }

    /** Rejections travel as {@link CommandRejection} details, so they survive a trip through Axon Server too. */
    @Bean
    public RejectionInterceptor rejectionInterceptor(CommandBus commandBus) {
        RejectionInterceptor interceptor = new RejectionInterceptor();
        commandBus.registerHandlerInterceptor(interceptor);
        return interceptor;
    }
}
