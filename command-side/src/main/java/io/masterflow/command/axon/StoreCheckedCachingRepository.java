package io.masterflow.command.axon;

import io.masterflow.command.unitofwork.AfterCommit;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.RepositoryProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A caching repository that is safe when several nodes serve one aggregate: no decision is ever made on a cached state
 * that another node has moved on from. It asks the store only when it has to:
 * <ul>
 *   <li>a unit of work that appends to the aggregate needs no question: an append on a stale state collides with the
 *   stored events on the store's unique (aggregate, sequence) key, the unit of work rolls back (which drops the entry)
 *   and the sender decides again on the stored state, as after any lost race;</li>
 *   <li>a unit of work that ends without appending (a deadline passed over, a repeated creation answered) compares the
 *   cached version with the store's last sequence number when it prepares to commit, and a refusal does so before it
 *   is answered ({@link #confirmCachedStates}): a stale cache then fails as a lost race, and is decided again.</li>
 * </ul>
 * The cache holds committed states only: an entry is put after its transaction commits, which may be later than its
 * unit of work when that joined a wider transaction (a report and the lease of the worker's next task), so no command
 * can take a state that is not, or never will be, in the store.
 */
public class StoreCheckedCachingRepository<T> extends EventSourcingRepository<T> {

    /** Unit-of-work resource: the checks of the cached states this unit of work took without asking the store. */
    private static final String UNCONFIRMED = StoreCheckedCachingRepository.class.getName() + ".unconfirmed";

    private final Cache cache;
    private final EventStore eventStore;
    private final RepositoryProvider repositoryProvider;
    private final SnapshotTriggerDefinition snapshotTrigger;

    public StoreCheckedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore,
                                         RepositoryProvider repositoryProvider, SnapshotTriggerDefinition snapshotTrigger,
                                         Cache cache) {
        super(builder.eventStore(eventStore).repositoryProvider(repositoryProvider).snapshotTriggerDefinition(snapshotTrigger));
        this.cache = cache;
        this.eventStore = eventStore;
        this.repositoryProvider = repositoryProvider;
        this.snapshotTrigger = snapshotTrigger;
    }

    /**
     * Makes sure no cached state this unit of work took is stale, before a decision made on it without an append (a
     * refusal) is answered: a stale one is dropped and a {@link ConcurrencyException} raised, so that the sender
     * decides again, as after a lost append race.
     */
    public static void confirmCachedStates(UnitOfWork<?> unitOfWork) {
        List<Runnable> checks = unitOfWork.getResource(UNCONFIRMED);
        if (checks != null) {
            checks.forEach(Runnable::run);
        }
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        AggregateCacheEntry<T> entry = cache.get(aggregateIdentifier);
        if (entry == null) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        // the cached aggregate is the very object the handler changes: a rolled back change must not stay cached
        unitOfWork.onRollback(u -> cache.remove(aggregateIdentifier));
        EventSourcedAggregate<T> aggregate = entry.recreateAggregate(aggregateModel(), eventStore, repositoryProvider, snapshotTrigger);
        if (aggregate.isDeleted()) {
            throw new AggregateDeletedException(aggregateIdentifier);
        }
        Long cachedVersion = aggregate.version();
        Runnable confirm = () -> {
            if (Objects.equals(aggregate.version(), cachedVersion)) {
                requireStored(aggregateIdentifier, cachedVersion);
            }
        };
        unitOfWork.onPrepareCommit(u -> confirm.run());
        unitOfWork.<List<Runnable>>getOrComputeResource(UNCONFIRMED, key -> new ArrayList<>()).add(confirm);
        return aggregate;
    }

    private void requireStored(String aggregateIdentifier, Long cachedVersion) {
        Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
        if (!Objects.equals(stored, cachedVersion)) {
            cache.remove(aggregateIdentifier);
            throw new ConcurrencyException("aggregate " + aggregateIdentifier + " is at version " + stored
                    + " in the event store, not at the cached " + cachedVersion + "; deciding again on the stored state");
        }
    }

    @Override
    protected void validateOnLoad(Aggregate<T> aggregate, Long expectedVersion) {
        CurrentUnitOfWork.get().onRollback(u -> cache.remove(aggregate.identifierAsString()));
        super.validateOnLoad(aggregate, expectedVersion);
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        cacheOnCommit(aggregate);
    }

    @Override
    protected void doDeleteWithLock(EventSourcedAggregate<T> aggregate) {
        super.doDeleteWithLock(aggregate);
        cacheOnCommit(aggregate);
    }

    /**
     * The new state is cached once its transaction has committed. Until then the entry is gone: the unit of work may
     * have joined a wider transaction that commits after the aggregate's lock is released, or not at all, and a
     * command in between must load what the store holds.
     */
    private void cacheOnCommit(EventSourcedAggregate<T> aggregate) {
        String key = aggregate.identifierAsString();
        CurrentUnitOfWork.get().onRollback(u -> cache.remove(key));
        cache.remove(key);
        AfterCommit.run(() -> cache.put(key, new AggregateCacheEntry<>(aggregate)));
    }
}
