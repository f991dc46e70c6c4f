package io.masterflow.command.axon;

import io.masterflow.command.flow.ArchivedFlows;
import io.masterflow.command.flow.CommandRejection;
import io.masterflow.command.flow.Flow;
import io.masterflow.command.flow.FlowCommandTarget;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** How the command side handles commands and snapshots flows; serializers and correlation are shared. */
@Configuration
public class AxonConfiguration {

    @Bean
    public SnapshotTriggerDefinition flowSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${masterflow.snapshot.threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Flows, cached on this node (at most {@code masterflow.flow-cache.size}, 0 = none) and never decided on when
     * another node has moved them on (see {@link StoreCheckedCachingRepository}), so several nodes may serve one flow.
     * Built from Axon's own parts (handler parameters, span factory, repository provider of deadlines), as Axon builds
     * the repository of an aggregate it configures itself.
     */
    @Bean
    public Repository<Flow> flowRepository(org.axonframework.config.Configuration axon, SnapshotTriggerDefinition flowSnapshotTrigger,
                                           @Value("${masterflow.flow-cache.size:10000}") int cacheSize) {
        EventSourcingRepository.Builder<Flow> repository = EventSourcingRepository.builder(Flow.class)
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(Flow.class))
                .snapshotTriggerDefinition(flowSnapshotTrigger)
                .repositoryProvider(axon::repository)
                .spanFactory(axon.getComponent(RepositorySpanFactory.class));
        if (cacheSize <= 0) {
            return repository.eventStore(axon.eventStore()).build();
        }
        return new StoreCheckedCachingRepository<>(repository, axon.eventStore(), axon::repository, flowSnapshotTrigger,
                new LruCache(cacheSize));
    }

    /** Reads a flow command's flow from the command itself, not by scanning its annotations on every command. */
    @Bean
    public FlowCommandTarget flowCommandTarget() {
        return new FlowCommandTarget();
    }

    /**
     * A lost append race between nodes, or an append to a flow archived meanwhile, is a concurrency conflict, retried
     * by the sender, not a server error.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresAppendConflicts();
    }

    /** Flows archival took out of the store, told apart from flows that never existed. */
    @Bean
    public ArchivedFlows archivedFlows(JdbcTemplate jdbc) {
        return new ArchivedFlows(jdbc);
    }

    /** Rejections travel as {@link CommandRejection} details, so they survive a trip through Axon Server too. */
    @Bean
    public RejectionInterceptor rejectionInterceptor(CommandBus commandBus, ArchivedFlows archivedFlows) {
        RejectionInterceptor interceptor = new RejectionInterceptor(archivedFlows);
        commandBus.registerHandlerInterceptor(interceptor);
        return interceptor;
    }
}
