package io.masterflow.query.erasure;

import io.masterflow.events.personal.SubjectKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Crypto-shredding (docs/retention.md, "Erasure"): deletes the keys a subject's personal data in events is sealed
 * with, records the erasure, and rewrites the read models' copies of it, in one transaction. From then on every read
 * of the events (history, past states, projections and their rebuilds) shows the sealed values as erased.
 *
 * <p>This node forgets its cached keys at once; another node reads its cached keys for at most
 * {@code masterflow.personal-data.key-cache}.
 */
@Component
public class Erasures {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SubjectKeys keys;

    public Erasures(JdbcTemplate jdbc, PlatformTransactionManager transactions, SubjectKeys keys) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.keys = keys;
    }

    public ErasureOutcome erase(ErasureScope scope, String requestedBy) {
        UUID erasureId = UUID.randomUUID();
        Instant erasedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ErasureOutcome outcome = Objects.requireNonNull(transactions.execute(transaction -> {
            int destroyed = jdbc.update("""
                    DELETE FROM personal_data_key
                    WHERE (CAST(? AS UUID) IS NULL OR client_account_id = ?) AND (CAST(? AS TEXT) IS NULL OR user_id = ?)""",
                    scope.account(), scope.account(), scope.user(), scope.user());
            if (scope.user() == null && scope.account() != null) {
                // a flow's snapshot holds its last attempt's input and output as the flow read them, opened; without
                // it the flow is read again from its events, where they are now erased
                jdbc.update("""
                        DELETE FROM snapshotevententry
                        WHERE aggregateidentifier IN (SELECT flow_id FROM task_flow WHERE client_account_id = ?)""",
                        scope.account());
            }
            jdbc.update("""
                    INSERT INTO personal_data_erasure (erasure_id, subject_kind, client_account_id, keys_destroyed,
                                                       requested_by, erased_at)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                    erasureId, scope.kind(), scope.account(), destroyed, requestedBy, Timestamp.from(erasedAt));
            Long rewritten = jdbc.queryForObject("SELECT masterflow_erase_personal_data(CAST(? AS UUID), CAST(? AS TEXT))",
                    Long.class, scope.account(), scope.user());
            return new ErasureOutcome(erasureId, scope.kind(), scope.account(), destroyed,
                    rewritten == null ? 0 : rewritten, erasedAt);
        }));
        keys.forgetCached();
        return outcome;
    }
}
