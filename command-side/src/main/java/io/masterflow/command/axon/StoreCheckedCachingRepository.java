package io.masterflow.command.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Objects;

/**
 * A caching repository that is safe when several nodes serve one aggregate: a cached aggregate is used only while the
 * event store holds no newer event of it, else it is dropped and loaded from the store. Without the check a node would
 * decide on a state another node has moved on from, and a refusal ("still running") appends nothing that could conflict.
 * The check is one query on the (aggregate, sequence) index; a cache miss costs none. Axon's base class already drops
 * an entry whose unit of work rolls back (a refused command, a failed append) and caches it after a successful save.
 */
public class StoreCheckedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final Cache cache;
    private final EventStore eventStore;

    public StoreCheckedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.cache = cache;
        this.eventStore = eventStore;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (cache.containsKey(aggregateIdentifier)) {
            Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
            EventSourcedAggregate<T> cached = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
            if (Objects.equals(cached.version(), stored)) {
                return cached;
            }
            cache.remove(aggregateIdentifier);
        }
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
