-- Batch operations: one row per batch, one per flow it selected. The set of flows is fixed when the batch starts;
-- each item is acted on once, and its outcome kept.
CREATE TABLE batch (
    batch_id          UUID         NOT NULL,
    client_account_id UUID         NOT NULL,
    created_by        VARCHAR(255) NOT NULL,
    -- the engagements the creator's token granted: the batch acts with exactly those rights
    engagement_scope  TEXT         NOT NULL,
    operation         VARCHAR(16)  NOT NULL,
    arguments         JSONB        NOT NULL,
    filter            JSONB        NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    selected          INTEGER      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    finished_at       TIMESTAMPTZ,
    CONSTRAINT batch_pkey PRIMARY KEY (batch_id)
);
CREATE INDEX batch_running ON batch (created_at) WHERE state = 'RUNNING';

CREATE TABLE batch_item (
    batch_id         UUID        NOT NULL,
    flow_id          UUID        NOT NULL,
    -- the flow's version when the batch selected it: a flow that moved on since is skipped, not acted on blindly
    expected_version BIGINT      NOT NULL,
    state            VARCHAR(16) NOT NULL,
    reason           TEXT,
    acted_at         TIMESTAMPTZ,
    claimed_by       VARCHAR(255),
    claimed_until    TIMESTAMPTZ,
    CONSTRAINT batch_item_pkey PRIMARY KEY (batch_id, flow_id),
    CONSTRAINT batch_item_batch_fkey FOREIGN KEY (batch_id) REFERENCES batch (batch_id) ON DELETE CASCADE
);
CREATE INDEX batch_item_pending ON batch_item (batch_id, flow_id) WHERE state = 'PENDING';
