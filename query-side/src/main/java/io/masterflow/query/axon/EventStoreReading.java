package io.masterflow.query.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC event storage engine, as Axon's auto-configuration builds it, with one difference: it reads
 * {@code masterflow.event-store.batch-size} events per query (Axon's default is 100). Every processor replaying the
 * store pages through it with one query per batch, a rebuild too. Not with Axon Server, which stores the events then.
 * In the standalone process the command side uses this engine as well: a flow loads in one query either way (it is
 * snapshotted every 50 events), and its appends do not depend on the batch size.
 */
@Configuration
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreReading {

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 ObjectProvider<EventSchema> eventSchema,
                                                 @Value("${masterflow.event-store.batch-size:1000}") int batchSize) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema.getIfAvailable(EventSchema::new))
                .batchSize(batchSize)
                .build();
    }
}
