-- Flows taken out of the event store by archival (masterflow-migrate --archive, docs/retention.md): their events are in
-- an archive file, and this row says which one, since when and under which rule. The archival writes the row, deletes
-- the flow's events and forgets its read-model rows in one transaction; a restore of the file removes the row in the
-- transaction that puts the events back.
CREATE TABLE archived_flows (
    flow_id          VARCHAR(255) NOT NULL,
    -- the flow's account and engagement (its first event's metadata): who is told it was archived, and who is
    -- answered as if it had never existed
    account_id       VARCHAR(255),
    engagement_id    VARCHAR(255),
    flow_type        VARCHAR(255),
    archived_at      TIMESTAMPTZ  NOT NULL,
    -- the retention rule that sent it, as the run named it (e.g. "discovery=365")
    rule             VARCHAR(255) NOT NULL,
    archive_location TEXT         NOT NULL,
    CONSTRAINT archived_flows_pkey PRIMARY KEY (flow_id)
);

-- An archived flow's stream must stay empty: a command side that still holds the flow in its cache would otherwise
-- append at the next sequence number to a stream whose first events are gone. The refusal has its own SQL state
-- (MFA01), which the command side reads as "the flow moved on" and decides again on what the store holds: nothing,
-- and an archived_flows row, answered 410.
--
-- An append racing the archival of its flow: the archival holds an exclusive transaction lock per flow (advisory lock
-- class 19782, the flow id's hashtext) from before it reads the flow's events until it commits; an append to an
-- existing stream takes the same lock shared before it looks here. Either the append waits, then sees the flow
-- archived and is refused, or the archival waits, then finds an event it did not plan for and leaves the flow. A new
-- stream (sequence 0 first: a creation, a migrated flow, a restore) cannot race an archival and takes no lock.
-- One check per statement (Axon and the migration append in batches).
CREATE FUNCTION masterflow_refuse_archived_append() RETURNS TRIGGER AS $$
DECLARE
    refused RECORD;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(19782, hashtext(stream.id))
    FROM (SELECT aggregateidentifier AS id FROM appended GROUP BY 1 HAVING min(sequencenumber) > 0 ORDER BY 1) AS stream;
    SELECT f.flow_id, f.archive_location INTO refused
    FROM appended a JOIN archived_flows f ON f.flow_id = a.aggregateidentifier LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'flow % is archived in %: it takes no events until it is restored',
            refused.flow_id, refused.archive_location USING ERRCODE = 'MFA01';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER domainevententry_refuse_archived AFTER INSERT ON domainevententry
    REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION masterflow_refuse_archived_append();
