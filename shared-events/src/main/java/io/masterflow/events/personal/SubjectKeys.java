package io.masterflow.events.personal;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys personal data in events is sealed with, one per subject: a user within an account (the account may be
 * unknown for an event that names none), or an account itself (for the personal fields of its flows' payloads). They live in the event store's table {@code personal_data_key}, under a
 * random key id that is all an event carries; erasing a user or an account deletes its rows, and every value sealed
 * with them is unreadable from then on.
 *
 * <p>Both lookups are cached on this node: a key found for at most {@code cacheFor}, so that another node's erasure is
 * seen that late at the latest, and a key found missing for ever (a deleted key never comes back, and a new key gets a
 * new id). {@link #forgetCached()} drops the cache at once, for the node that erases.
 */
public final class SubjectKeys {

    /** A subject's key: its id, written into every sealed value, and the AES-256 secret. */
    public record SubjectKey(UUID id, SecretKey secret) {
    }

    /** A user within an account, or the account itself (user null). */
    private record Subject(UUID account, String user) {
    }

    private record Cached<T>(T value, long until) {
        boolean fresh(long now) {
            return now < until;
        }
    }

    /** Beyond this many entries a cache starts afresh: a bound on memory, not a policy. */
    private static final int MAX_CACHED = 100_000;
    private static final long FOREVER = Long.MAX_VALUE;

    private final ConnectionSource connections;
    private final long cacheForNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<Subject, Cached<SubjectKey>> bySubject = new ConcurrentHashMap<>();
    private final Map<UUID, Cached<Optional<SecretKey>>> byId = new ConcurrentHashMap<>();

    public SubjectKeys(ConnectionSource connections, Duration cacheFor) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.cacheForNanos = cacheFor.toNanos();
    }

    /** The key of {@code user} within {@code account} (null: an event of no account), created on its first use. */
    public SubjectKey keyOf(UUID account, String user) {
        return keyOf(new Subject(account, Objects.requireNonNull(user, "user")));
    }

    /**
     * The key of the account itself, created on its first use: the personal fields of its flows' payloads are about
     * the account's own people, whoever typed them, so only the account's erasure destroys it, not a user's.
     */
    public SubjectKey keyOfAccount(UUID account) {
        return keyOf(new Subject(Objects.requireNonNull(account, "account"), null));
    }

    private SubjectKey keyOf(Subject subject) {
        long now = System.nanoTime();
        Cached<SubjectKey> cached = bySubject.get(subject);
        if (cached != null && cached.fresh(now)) {
            return cached.value();
        }
        SubjectKey key = stored(subject);
        bounded(bySubject).put(subject, new Cached<>(key, now + cacheForNanos));
        bounded(byId).put(key.id(), new Cached<>(Optional.of(key.secret()), now + cacheForNanos));
        return key;
    }

    /** The secret of key {@code id}, or empty once its subject is erased. */
    public Optional<SecretKey> secret(UUID id) {
        long now = System.nanoTime();
        Cached<Optional<SecretKey>> cached = byId.get(id);
        if (cached != null && cached.fresh(now)) {
            return cached.value();
        }
        Optional<SecretKey> secret = find(id);
        bounded(byId).put(id, new Cached<>(secret, secret.isPresent() ? now + cacheForNanos : FOREVER));
        return secret;
    }

    /** Drops every cached key: the next use of each reads the table again. */
    public void forgetCached() {
        bySubject.clear();
        byId.clear();
    }

    private static <K, V> Map<K, V> bounded(Map<K, V> cache) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        return cache;
    }

    /**
     * The subject's row, inserted if it has none. Two nodes creating the same subject's key at once both end with the
     * row that won the insert (the unique index settles it), so a subject never has two keys.
     */
    private SubjectKey stored(Subject subject) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try (Connection connection = connections.connect()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO personal_data_key (key_id, client_account_id, user_id, secret, created_at)
                    VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, subject.account());
                insert.setString(3, subject.user());
                insert.setBytes(4, secret);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(subject.user() == null ? """
                    SELECT key_id, secret FROM personal_data_key WHERE client_account_id = ? AND user_id IS NULL""" : """
                    SELECT key_id, secret FROM personal_data_key
                    WHERE client_account_id IS NOT DISTINCT FROM ? AND user_id = ?""")) {
                select.setObject(1, subject.account());
                if (subject.user() != null) {
                    select.setString(2, subject.user());
                }
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        // erased between the insert and this read: the next event creates a new key
                        throw new IllegalStateException("the key of a subject was erased while it was being created");
                    }
                    return new SubjectKey(row.getObject(1, UUID.class), aes(row.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or create a personal-data key: " + e.getMessage(), e);
        }
    }

    private Optional<SecretKey> find(UUID id) {
        try (Connection connection = connections.connect();
             PreparedStatement select = connection.prepareStatement("SELECT secret FROM personal_data_key WHERE key_id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(aes(row.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a personal-data key: " + e.getMessage(), e);
        }
    }

    private static SecretKey aes(byte[] secret) {
        return new SecretKeySpec(secret, "AES");
    }
}
