package io.masterflow.query.deadletter;

import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives every query processor a sequenced dead-letter queue in PostgreSQL (table {@code query_dead_letter}, created
 * by Flyway). Registered by name for each processor of {@link QueryProcessors#ALL}, so a projection added there gets
 * one without further configuration. The queue joins the batch's transaction through the same Spring-aware
 * connection provider as the token store: a letter is stored exactly when the token moves past its event.
 */
@Configuration
public class DeadLetterQueues {

    static final String TABLE = "query_dead_letter";

    /**
     * Without it the invoker asks the queue whether each event's flow has letters: one SELECT per event and
     * processor. With it, a segment whose queue was empty when this node claimed it knows from memory (only this
     * node, the segment's owner, dead-letters its flows; the cache is dropped when the segment is released). While
     * the queue holds letters, it remembers this many flows known to have none; a flow it is unsure of is still
     * asked. Letters retried or evicted meanwhile only make it ask the database once more.
     */
    private static final int SEQUENCE_CACHE_SIZE = 1024;

    static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable(TABLE)
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    @Bean
    public ConfigurerModule queryDeadLetterQueues(ConnectionProvider connectionProvider,
                                                  @Value("${masterflow.dead-letters.max-sequences:1024}") int maxSequences,
                                                  @Value("${masterflow.dead-letters.max-sequence-size:1024}") int maxSequenceSize) {
        return configurer -> configurer.eventProcessing(processing -> QueryProcessors.ALL.forEach(processor -> processing
                .registerDeadLetterQueue(processor, configuration -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(processor)
                        .connectionProvider(connectionProvider)
                        .transactionManager(configuration.getComponent(TransactionManager.class))
                        .schema(SCHEMA)
                        .genericSerializer(configuration.serializer())
                        .eventSerializer(configuration.eventSerializer())
                        .maxSequences(maxSequences)
                        .maxSequenceSize(maxSequenceSize)
                        .build())
                .registerDeadLetterPolicy(processor, configuration -> new PoisonPolicy())
                .registerDeadLetteringEventHandlerInvokerConfiguration(processor, (configuration, invoker) -> invoker
                        .enableSequenceIdentifierCache()
                        .sequenceIdentifierCacheSize(SEQUENCE_CACHE_SIZE))));
    }
}
