-- Durable deadlines of the Flow aggregate (attempt timeouts, retries), written by JdbcDeadlineManager in the same
-- transaction as the events that call for them, so that a deadline exists exactly when its event does. A due row is
-- picked by one node (FOR UPDATE SKIP LOCKED, then locked_until), handled, and deleted in the transaction that appends
-- what it caused; a node that dies holding a row leaves it to the others once locked_until has passed.
CREATE TABLE deadline_entry (
    deadline_id     VARCHAR(64)  NOT NULL,
    deadline_name   VARCHAR(255) NOT NULL,
    -- the serialized scope (for flows: aggregate type and id), compared as text to cancel a flow's deadlines
    scope           TEXT         NOT NULL,
    scope_type      VARCHAR(255) NOT NULL,
    payload         BYTEA,
    payload_type    VARCHAR(255),
    payload_revision VARCHAR(255),
    metadata        BYTEA        NOT NULL,
    trigger_at      TIMESTAMPTZ  NOT NULL,
    -- a deadline whose handling failed is tried again later; failures counts the tries
    failures        INTEGER      NOT NULL DEFAULT 0,
    last_error      TEXT,
    locked_by       VARCHAR(255),
    locked_until    TIMESTAMPTZ,
    CONSTRAINT deadline_entry_pkey PRIMARY KEY (deadline_id)
);

CREATE INDEX deadline_entry_due ON deadline_entry (trigger_at);
CREATE INDEX deadline_entry_scope ON deadline_entry (scope, deadline_name);
