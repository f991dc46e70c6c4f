package io.masterflow.command.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An in-memory cache of at most {@code capacity} entries; the least recently used one makes room for a new one. */
public class LruCache implements Cache {

    private final Map<Object, Object> entries;

    public LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry, not " + capacity);
        }
        this.entries = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Repositories never listen to their cache; a listener here would be told nothing, so none is accepted. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("this cache tells no listeners about its entries");
    }
}
