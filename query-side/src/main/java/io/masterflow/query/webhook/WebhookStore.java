package io.masterflow.query.webhook;

import io.masterflow.events.ClientAccountId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/** The webhook table: an account's subscriptions. Every read names the account, so another account's is none. */
@Repository
public class WebhookStore {

    private static final String COLUMNS = """
            webhook_id, url, event_types, engagements, state, created_by, created_at, disabled_at, disabled_reason,
            last_delivered_at""";

    private final NamedParameterJdbcTemplate jdbc;

    public WebhookStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void create(UUID webhookId, NewWebhook webhook, long fromPosition, Instant createdAt) {
        jdbc.update("""
                INSERT INTO webhook (webhook_id, client_account_id, url, event_types, engagements, secret, created_by,
                                     created_at, from_position, state)
                VALUES (:id, :account, :url, :events, :engagements, :secret, :createdBy, :createdAt, :fromPosition, 'ACTIVE')""",
                new MapSqlParameterSource("id", webhookId).addValue("account", webhook.account().value())
                        .addValue("url", webhook.url()).addValue("events", new SqlArrayValue("text", webhook.events().toArray()))
                        .addValue("engagements", webhook.engagements() == null ? null
                                : new SqlArrayValue("uuid", webhook.engagements().toArray()))
                        .addValue("secret", webhook.secret()).addValue("createdBy", webhook.createdBy())
                        .addValue("createdAt", timestamp(createdAt)).addValue("fromPosition", fromPosition));
    }

    public Optional<Webhook> find(UUID webhookId, ClientAccountId account) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook WHERE webhook_id = :id AND client_account_id = :account",
                new MapSqlParameterSource("id", webhookId).addValue("account", account.value()),
                (row, number) -> webhook(row)).stream().findFirst();
    }

    /** The account's webhooks, oldest first. */
    public List<Webhook> list(ClientAccountId account) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook WHERE client_account_id = :account ORDER BY created_at, webhook_id",
                new MapSqlParameterSource("account", account.value()), (row, number) -> webhook(row));
    }

    public int count(ClientAccountId account) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM webhook WHERE client_account_id = :account",
                new MapSqlParameterSource("account", account.value()), Integer.class);
        return count == null ? 0 : count;
    }

    /**
     * Makes a disabled webhook active again, getting the events stored after {@code fromPosition} (the head of the
     * event store now): those stored while it was disabled never became deliveries and are not sent. False when the
     * account has no such webhook or it is not disabled.
     */
    public boolean enable(UUID webhookId, ClientAccountId account, long fromPosition) {
        return jdbc.update("""
                UPDATE webhook SET state = 'ACTIVE', disabled_at = NULL, disabled_reason = NULL,
                       from_position = GREATEST(from_position, :fromPosition)
                WHERE webhook_id = :id AND client_account_id = :account AND state = 'DISABLED'""",
                new MapSqlParameterSource("id", webhookId).addValue("account", account.value())
                        .addValue("fromPosition", fromPosition)) == 1;
    }

    /**
     * Disables an active webhook by an admin's decision, with the reason, and cancels its pending deliveries (listed, not
     * sent), in one statement: the webhook's row is locked first, as the sender's outcomes lock it. False when the
     * account has no such webhook or it is not active.
     */
    public boolean disable(UUID webhookId, ClientAccountId account, Instant at, String reason) {
        Integer disabled = jdbc.queryForObject("""
                WITH disabled AS (
                    UPDATE webhook SET state = 'DISABLED', disabled_at = :at, disabled_reason = :reason
                    WHERE webhook_id = :id AND client_account_id = :account AND state = 'ACTIVE'
                    RETURNING webhook_id),
                cancelled AS (
                    UPDATE webhook_delivery SET state = 'CANCELLED', claimed_by = NULL, claimed_until = NULL
                    WHERE webhook_id IN (SELECT webhook_id FROM disabled) AND state = 'PENDING'
                    RETURNING delivery_id)
                SELECT count(*) FROM disabled""",
                new MapSqlParameterSource("id", webhookId).addValue("account", account.value())
                        .addValue("at", timestamp(at)).addValue("reason", reason), Integer.class);
        return disabled != null && disabled == 1;
    }

    /** Deletes the webhook with its deliveries; false when the account has no such webhook. */
    public boolean delete(UUID webhookId, ClientAccountId account) {
        return jdbc.update("DELETE FROM webhook WHERE webhook_id = :id AND client_account_id = :account",
                new MapSqlParameterSource("id", webhookId).addValue("account", account.value())) == 1;
    }

    /**
     * The active webhooks of these accounts, share-locked until the caller's transaction ends: a webhook disabled or
     * deleted meanwhile waits for the deliveries being added to it, and then cancels or deletes them too.
     */
    public List<Subscription> activeFor(Collection<UUID> accounts) {
        return jdbc.query("""
                SELECT webhook_id, client_account_id, event_types, engagements, from_position FROM webhook
                WHERE client_account_id = ANY (:accounts) AND state = 'ACTIVE'
                FOR SHARE""", new MapSqlParameterSource("accounts", new SqlArrayValue("uuid", accounts.toArray())),
                (row, number) -> new Subscription(row.getObject("webhook_id", UUID.class),
                        row.getObject("client_account_id", UUID.class), Set.copyOf(strings(row.getArray("event_types"))),
                        row.getArray("engagements") == null ? null : Set.copyOf(uuids(row.getArray("engagements"))),
                        row.getLong("from_position")));
    }

    private static Webhook webhook(ResultSet row) throws SQLException {
        Array engagements = row.getArray("engagements");
        return new Webhook(row.getObject("webhook_id", UUID.class), row.getString("url"), strings(row.getArray("event_types")),
                engagements == null ? null : uuids(engagements), WebhookState.valueOf(row.getString("state")),
                row.getString("created_by"), instant(row, "created_at"), instant(row, "disabled_at"),
                row.getString("disabled_reason"), instant(row, "last_delivered_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }
}
