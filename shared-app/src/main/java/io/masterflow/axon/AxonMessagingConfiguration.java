package io.masterflow.axon;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.personal.PersonalPayload;
import io.masterflow.events.personal.PersonalPayloadSealing;
import io.masterflow.events.personal.SubjectKeys;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.time.Duration;
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

    /** Events are stored with their personal metadata sealed (docs/retention.md, "Erasure"). */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(SubjectKeys subjectKeys) {
        return EventSerialization.storageSerializer(subjectKeys);
    }

    /**
     * The personal-data keys, in the event store's database. A key is cached on this node for at most
     * {@code masterflow.personal-data.key-cache} (default one minute): how late another node's erasure is seen here.
     */
    @Bean
    public SubjectKeys subjectKeys(ObjectProvider<DataSource> dataSource,
                                   @Value("${masterflow.personal-data.key-cache:60s}") Duration cacheFor) {
        // an application without a database stores no events; one that tries is told why it cannot
        return new SubjectKeys(() -> dataSource.getIfAvailable(() -> {
            throw new IllegalStateException("personal data in events is sealed with keys kept in the event store's "
                    + "database, and this application has none");
        }).getConnection(), cacheFor);
    }

    /** Seals and opens the personal fields of event payloads, for what keeps them outside the events (a task's input). */
    @Bean
    public PersonalPayload personalPayload(SubjectKeys subjectKeys) {
        return new PersonalPayload(subjectKeys);
    }

    /**
     * The personal fields of the events this application stores (those a flow type marks) are sealed with the key of
     * the flow's account as they are published (docs/retention.md, "Personal fields of event payloads").
     */
    @Bean
    public PersonalPayloadSealing personalPayloadSealing(ObjectProvider<EventStore> eventStore, PersonalPayload personalPayload) {
        PersonalPayloadSealing sealing = new PersonalPayloadSealing(personalPayload);
        eventStore.ifAvailable(store -> store.registerDispatchInterceptor(sealing));
        return sealing;
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
