-- Forgets flows: every read-model row of the given flows, in every projection's tables. The migration tool calls it
-- when it rolls a migration run back (docs/cutover.md), in the transaction that deletes the run's events, so that the
-- read models show exactly what they showed before the run; it lives here because these tables are this side's, and
-- a table added later is added here in the same migration that creates it (the rollback test compares every table).
--
-- flow_change is the live stream's log of flow_status rows: a forgotten flow's changes go too, and the horizon moves
-- past them, so that a stream resuming before it reloads instead of replaying changes of flows that no longer exist.
--
-- webhook_delivery is an outbox, not a read model: what was delivered stays on record, and a delivery still pending
-- for an event of a forgotten flow is cancelled, since its event is gone.
--
-- account_ids are the flows' accounts, in the same order: the audit trail is indexed by account first, and a delete by
-- flow id alone would read the whole trail once per call (370 ms instead of 15 ms for 500 flows among 100,000).
CREATE FUNCTION masterflow_forget_flows(flow_ids TEXT[], account_ids UUID[]) RETURNS BIGINT AS $$
DECLARE
    ids     UUID[] := flow_ids::UUID[];
    removed BIGINT;
    last    RECORD;
BEGIN
    SELECT xid, serial INTO last FROM flow_change WHERE flow_id = ANY (ids) ORDER BY xid DESC, serial DESC LIMIT 1;
    IF FOUND THEN
        UPDATE flow_change_horizon SET xid = last.xid, serial = last.serial
        WHERE (xid, serial) < (last.xid, last.serial);
    END IF;
    DELETE FROM flow_change WHERE flow_id = ANY (ids);
    DELETE FROM flow_status WHERE flow_id = ANY (ids);   -- flow_phase_status goes with it (ON DELETE CASCADE)
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM audit_entry a USING unnest(flow_ids, account_ids) AS f(flow_id, account)
    WHERE a.client_account_id = f.account AND a.flow_id = f.flow_id;
    DELETE FROM analytics_phase_attempt WHERE flow_id = ANY (ids);
    DELETE FROM analytics_flow WHERE flow_id = ANY (ids);
    DELETE FROM flow_asset WHERE flow_id = ANY (ids);
    DELETE FROM query_dead_letter WHERE aggregate_identifier = ANY (flow_ids);
    UPDATE webhook_delivery SET state = 'CANCELLED', claimed_by = NULL, claimed_until = NULL,
                                last_error = 'its event was rolled back with its migration run'
    WHERE state = 'PENDING' AND flow_id = ANY (flow_ids);
    RETURN removed;
END;
$$ LANGUAGE plpgsql;
