-- Tombstones of archived flows (masterflow-migrate --archive, docs/retention.md): the flow's events went to an archive
-- file and its read-model rows were forgotten; what stays here is what an auditor and a caller are told of it: when,
-- under which rule, and where the archive is. Not a projection's table: no rebuild touches it (a rebuild replays the
-- events, and an archived flow has none), so the audit trail's tombstone entry outlives every rebuild.
--
-- last_global_index is the global index of the flow's last event, whose audit entry is forgotten with the rest: the
-- tombstone takes its place in the trail's order, a position no other entry can have (global indexes are never reused).
CREATE TABLE flow_tombstone (
    flow_id           VARCHAR(255) NOT NULL,
    client_account_id UUID         NOT NULL,
    engagement_id     UUID,
    flow_type         VARCHAR(255),
    last_sequence     BIGINT       NOT NULL,
    last_global_index BIGINT       NOT NULL,
    archived_at       TIMESTAMPTZ  NOT NULL,
    rule              VARCHAR(255) NOT NULL,
    archive_location  TEXT         NOT NULL,
    CONSTRAINT flow_tombstone_pkey PRIMARY KEY (flow_id)
);

CREATE INDEX flow_tombstone_account_sequence ON flow_tombstone (client_account_id, last_global_index);

-- Archives flows in the read models: their rows forgotten (masterflow_forget_flows), a tombstone each. Called by the
-- migration tool in the transaction that deletes their events; archiving a flow again (a run killed after this
-- committed in a read model of its own) replaces its tombstone. Returns the flow_status rows removed.
CREATE FUNCTION masterflow_archive_flows(flow_ids TEXT[], account_ids UUID[], engagement_ids UUID[], flow_types TEXT[],
                                         last_sequences BIGINT[], last_global_indexes BIGINT[], rules TEXT[],
                                         locations TEXT[], archived_at TIMESTAMPTZ) RETURNS BIGINT AS $$
BEGIN
    INSERT INTO flow_tombstone (flow_id, client_account_id, engagement_id, flow_type, last_sequence, last_global_index,
                                archived_at, rule, archive_location)
    SELECT f.flow_id, f.account, f.engagement, f.flow_type, f.last_sequence, f.last_global_index, archived_at, f.rule,
           f.location
    FROM unnest(flow_ids, account_ids, engagement_ids, flow_types, last_sequences, last_global_indexes, rules, locations)
         AS f(flow_id, account, engagement, flow_type, last_sequence, last_global_index, rule, location)
    ON CONFLICT (flow_id) DO UPDATE SET archived_at = EXCLUDED.archived_at, rule = EXCLUDED.rule,
                                        archive_location = EXCLUDED.archive_location;
    RETURN masterflow_forget_flows(flow_ids, account_ids);
END;
$$ LANGUAGE plpgsql;

-- A restored flow is no longer archived: its tombstone goes, and the projections make its rows again from its events,
-- which the restore appended as new ones. Returns the tombstones removed.
CREATE FUNCTION masterflow_restore_flows(flow_ids TEXT[]) RETURNS BIGINT AS $$
DECLARE
    removed BIGINT;
BEGIN
    DELETE FROM flow_tombstone WHERE flow_id = ANY (flow_ids);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$ LANGUAGE plpgsql;
