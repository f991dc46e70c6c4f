package io.masterflow.axon;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.util.Map;

/**
 * How every masterflow application serializes and correlates Axon messages: one JSON serializer for events,
 * messages, snapshots and tokens, and the user and request ids carried from each message to those it causes.
 */
@Configuration
public class AxonMessagingConfiguration {

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

    /** The user who caused a message, and the API it came through, are carried to every message it causes. */
    @Bean
    public CorrelationDataProvider userCorrelation() {
        return new SimpleCorrelationDataProvider(MetaDataKeys.USER_ID, MetaDataKeys.VIA);
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
}
