package io.masterflow.query.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The JDBC event storage engine and the event store over it, as Axon's auto-configuration builds them, with three
 * differences:
 * <ul>
 *   <li>the engine reads {@code masterflow.event-store.batch-size} events per query (Axon's default is 100). Every
 *   processor replaying the store pages through it with one query per batch, a rebuild too. In the standalone process
 *   the command side uses this engine as well: a flow loads in one query either way (it is snapshotted every 50
 *   events), and its appends do not depend on the batch size;</li>
 *   <li>the store looks for events appended by other processes every {@code masterflow.event-store.poll-interval}
 *   (Axon's default is a second). An append in this process wakes it at once, so in the standalone process this
 *   only matters for events of another node; a query side of its own sees every event that late, on average half
 *   the interval.</li>
 *   <li>the store's producer reads the database for this process's appends at most every
 *   {@code masterflow.event-store.append-read-interval}, and only when there can be something new
 *   ({@link StoreFollowingEngine}): about one transaction per interval under load instead of three per append.</li>
 * </ul>
 * Not with Axon Server, which stores and streams the events then.
 */
@Configuration
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreReading {

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 ObjectProvider<PersistenceExceptionResolver> persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 ObjectProvider<EventSchema> eventSchema,
                                                 @Value("${masterflow.event-store.batch-size:1000}") int batchSize,
                                                 @Value("${masterflow.event-store.poll-interval:100ms}") Duration pollInterval,
                                                 @Value("${masterflow.event-store.append-read-interval:20ms}") Duration appendReadInterval) {
        return new StoreFollowingEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                // Axon's own resolver steps aside with its event store: the command side's, or Axon's default
                .persistenceExceptionResolver(persistenceExceptionResolver.getIfAvailable(JdbcSQLErrorCodesResolver::new))
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema.getIfAvailable(EventSchema::new))
                .batchSize(batchSize), pollInterval, appendReadInterval);
    }

    /** Named and qualified as Axon's own, which steps aside for any event bus. */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                         @Value("${masterflow.event-store.poll-interval:100ms}") Duration pollInterval) {
        Runnable appendCommitted = storageEngine instanceof StoreFollowingEngine following ? following::appendCommitted : () -> { };
        return new AppendAwareEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(Math.max(1, pollInterval.toMillis()))
                .timeUnit(TimeUnit.MILLISECONDS), appendCommitted);
    }
}
