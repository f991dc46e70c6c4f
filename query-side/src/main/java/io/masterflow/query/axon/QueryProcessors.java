package io.masterflow.query.axon;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * The query side's event processors (configured in query-side.yml) and where they keep their tokens. The four
 * projections are processing groups of one processor, {@value #PROJECTIONS}: each batch of events is one transaction,
 * one token update and one commit for the four read models together, where four processors paid each of those four
 * times (docs/performance.md). Each projection still has its own dead-letter queue (a refused event waits in its
 * projection's queue while the other three go on) and is rebuilt on its own. Health and metrics report per projection. The token store is registered for these processors by name rather than declared as the application's
 * TokenStore: in the standalone process the command side's processors keep Axon's default store (tokenentry), and
 * a bean of that type would silently take it over.
 */
@Configuration
public class QueryProcessors {

    public static final String FLOW_STATUS = "flow-status";
    public static final String AUDIT_TRAIL = "audit-trail";
    public static final String ANALYTICS = "analytics";
    public static final String ASSETS = "assets";

    /**
     * The projections (processing groups): read models that may be replayed from the first event (rebuilds) and whose
     * refused events become dead letters.
     */
    public static final List<String> ALL = List.of(FLOW_STATUS, AUDIT_TRAIL, ANALYTICS, ASSETS);

    /** The one processor carrying every projection of {@link #ALL}. */
    public static final String PROJECTIONS = "projections";

    /**
     * Turns events into webhook deliveries. Not a projection: its position is what has been handed to the receivers,
     * so a replay would send history again. It stays out of {@link #ALL} (no rebuild, no token reset, no dead letters:
     * it refuses no event) and starts at the head of the store, since a webhook only gets events stored after it was
     * created.
     */
    public static final String WEBHOOKS = "webhooks";

    /** What health and metrics report on: each projection, and the webhooks. */
    public static final List<String> WITH_WEBHOOKS = List.of(FLOW_STATUS, AUDIT_TRAIL, ANALYTICS, ASSETS, WEBHOOKS);

    /** The event processors of the query side: tokens, coordinators and segment balancing follow them. */
    public static final List<String> PROCESSORS = List.of(PROJECTIONS, WEBHOOKS);

    /** The processor that carries a projection (or the webhooks, which are a processor of their own). */
    public static String processorOf(String projection) {
        return ALL.contains(projection) ? PROJECTIONS : projection;
    }

    public static final String TOKEN_TABLE = "query_token_entry";

    /** How often Axon renews an idle segment's claim unless told otherwise. */
    private static final Duration AXON_CLAIM_EXTENSION = Duration.ofSeconds(5);

    /**
     * Who this node is in the token table's owner column. Axon's default (the JVM's pid@host) is unique per process;
     * the property lets several query sides in one JVM (tests) or behind one host name tell their claims apart.
     */
    @Bean
    public QueryNode queryNode(@Value("${masterflow.query.node-id:}") String nodeId) {
        return new QueryNode(nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId);
    }

    @Bean
    public ConfigurerModule queryProcessorTokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                                                     TokenStoreProperties tokenStoreProperties, QueryNode node) {
        // the Spring-aware connection provider joins the transaction of the batch, so a token moves only with the
        // read-model writes of the events it covers
        TokenStore tokenStore = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(TokenSchema.builder().setTokenTable(TOKEN_TABLE).build())
                .serializer(serializer)
                .nodeId(node.id())
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .build();
        return configurer -> configurer.eventProcessing(processing ->
                PROCESSORS.forEach(processor -> processing.registerTokenStore(processor, configuration -> tokenStore)));
    }

    /** Puts the four projections' processing groups on the one processor that carries them. */
    @Bean
    public ConfigurerModule projectionsProcessor() {
        return configurer -> configurer.eventProcessing(processing ->
                ALL.forEach(projection -> processing.assignProcessingGroup(projection, PROJECTIONS)));
    }

    /**
     * The live processors' coordinators on a {@link PromptCoordinatorExecutor}, as a rebuild's are. Shut down with
     * the configuration, as Axon's own executor is: a processor stopped and started again (a rebuild's switch)
     * keeps its coordinator thread. A new projection starts from the first event, the webhooks processor at the head.
     */
    @Bean
    public ConfigurerModule queryProcessorCoordinators(TokenStoreProperties tokenStoreProperties) {
        long claimExtension = claimExtensionThreshold(tokenStoreProperties.getClaimTimeout());
        return configurer -> configurer.eventProcessing(processing -> PROCESSORS.forEach(processor ->
                processing.registerPooledStreamingEventProcessorConfiguration(processor, (configuration, builder) ->
                        builder.claimExtensionThreshold(claimExtension)
                                // a projection: 'from the first event' without asking the event store where that is
                                // (Axon's default asks, and a start with Axon Server down failed after 30 tries): the
                                // processors start, report the outage in health, and go on once the store answers
                                .initialToken(WEBHOOKS.equals(processor) ? QueryProcessors::headOrFirst : source -> null)
                                .coordinatorExecutor(name -> {
                                    PromptCoordinatorExecutor coordinator = new PromptCoordinatorExecutor(
                                            new AxonThreadFactory("Coordinator[" + name + "]"));
                                    configuration.onShutdown(coordinator::shutdown);
                                    return coordinator;
                                }))));
    }

    /**
     * Where the webhooks processor starts: the head of the store, as no webhook exists before it first runs and a
     * webhook gets only the events stored after it was created. Should the store not answer (Axon Server down), the
     * first event: correct as well, since each webhook skips what came before it, only slower.
     */
    static TrackingToken headOrFirst(StreamableMessageSource<TrackedEventMessage<?>> source) {
        try {
            return source.createHeadToken();
        } catch (RuntimeException storeAway) {
            return null;
        }
    }

    /**
     * How long a segment's claim may go unrenewed: a third of the claim timeout, and Axon's 5 s at most. Axon renews
     * an idle segment's claim every 5 s whatever the timeout, so with a claim timeout under 5 s (a faster take-over
     * of a node that died) another node would find an idle but living node's claims expired and take them; the
     * loser's work package then fails, and Axon keeps that segment from it for a back-off that doubles up to a
     * minute, while the segment balancer hands the surplus back: segments churned between the nodes, and one could
     * stay unclaimed for seconds after a node stopped.
     */
    public static long claimExtensionThreshold(Duration claimTimeout) {
        return Math.max(1, Math.min(AXON_CLAIM_EXTENSION.toMillis(), claimTimeout.toMillis() / 3));
    }

    /**
     * Axon's message monitors (a timer, a capacity, a counter and a latency gauge per processor, each looked up by
     * payload type for every event) cost about a seventh of a replay's CPU, and nothing here reads them: lag, dead
     * letters and failures come from the processors' own state ({@link QueryProcessorMetrics}, health). Off unless
     * {@code masterflow.processors.axon-message-metrics} is true.
     */
    @Bean
    public ConfigurerModule queryProcessorMessageMonitors(@Value("${masterflow.processors.axon-message-metrics:false}") boolean enabled) {
        return configurer -> {
            if (!enabled) {
                configurer.eventProcessing(processing -> PROCESSORS.forEach(processor -> processing.registerMessageMonitorFactory(
                        processor, (configuration, componentType, componentName) -> NoOpMessageMonitor.instance())));
            }
        };
    }
}
