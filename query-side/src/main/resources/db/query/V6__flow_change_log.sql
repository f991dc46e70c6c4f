-- The flow change log behind the live stream (GET /api/v1/stream): one row per change of a flow_status row, written
-- by a trigger in the transaction that changes the row, so a change is logged exactly when the read model really
-- changed (a replayed event the upsert refuses logs nothing) and commits or rolls back with it.
--
-- Order: rows are read in (xid, serial) order, and only those whose transaction is older than the oldest one still
-- running (pg_snapshot_xmin of the reader's snapshot). A transaction that started earlier but commits later has a
-- lower xid, and every row of a lower xid is readable only once no transaction at or below it runs any more: so
-- once a reader has passed a position, no row can ever appear before it. An order by serial alone would skip the
-- rows of a batch that took its serials early and committed late.
CREATE TABLE flow_change (
    xid               XID8         NOT NULL DEFAULT pg_current_xact_id(),
    serial            BIGINT       GENERATED ALWAYS AS IDENTITY,
    recorded_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    flow_id           UUID         NOT NULL,
    client_account_id UUID         NOT NULL,
    engagement_id     UUID         NOT NULL,
    flow_type         VARCHAR(50)  NOT NULL,
    name              TEXT         NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    current_phase     VARCHAR(64),
    version           BIGINT       NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    CONSTRAINT flow_change_pkey PRIMARY KEY (xid, serial)
);

-- every stream reads one account's changes after its position
CREATE INDEX flow_change_account ON flow_change (client_account_id, xid, serial);
-- the retention sweep finds old changes by age
CREATE INDEX flow_change_recorded ON flow_change (recorded_at);

-- The position up to which changes have been deleted: a stream asked to resume before it would miss changes, and
-- is told to reload instead. One row.
CREATE TABLE flow_change_horizon (
    singleton BOOLEAN NOT NULL DEFAULT TRUE,
    xid       XID8    NOT NULL,
    serial    BIGINT  NOT NULL,
    CONSTRAINT flow_change_horizon_pkey PRIMARY KEY (singleton),
    CONSTRAINT flow_change_horizon_singleton CHECK (singleton)
);
INSERT INTO flow_change_horizon (xid, serial) VALUES ('0', 0);

CREATE FUNCTION flow_change_record() RETURNS trigger AS $$
BEGIN
    INSERT INTO flow_change (flow_id, client_account_id, engagement_id, flow_type, name, status, current_phase,
                             version, updated_at)
    VALUES (NEW.flow_id, NEW.client_account_id, NEW.engagement_id, NEW.flow_type, NEW.name, NEW.status,
            NEW.current_phase, NEW.version, NEW.updated_at);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- an upsert whose WHERE refuses the update (an event applied already) fires neither
CREATE TRIGGER flow_change_record AFTER INSERT OR UPDATE ON flow_status
    FOR EACH ROW EXECUTE FUNCTION flow_change_record();
