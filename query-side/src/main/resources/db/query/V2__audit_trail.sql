-- Every event of the store as one audit entry. global_sequence is the event's global index in the event store,
-- so entries list in the order the store recorded them; the event identifier is unique, so a re-delivered event
-- adds nothing.
CREATE TABLE audit_entry (
    global_sequence   BIGINT       NOT NULL,
    event_id          VARCHAR(255) NOT NULL,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    user_id           VARCHAR(255),
    -- null only for an event stored without a tenant: no caller can see such an entry
    client_account_id UUID,
    engagement_id     UUID,
    flow_id           VARCHAR(255),
    flow_version      BIGINT,
    event_type        VARCHAR(255) NOT NULL,
    summary           TEXT         NOT NULL,
    correlation_id    VARCHAR(255),
    causation_id      VARCHAR(255),
    CONSTRAINT audit_entry_pkey PRIMARY KEY (global_sequence),
    CONSTRAINT audit_entry_event_id_key UNIQUE (event_id)
);

CREATE INDEX audit_entry_account_sequence ON audit_entry (client_account_id, global_sequence);
CREATE INDEX audit_entry_account_flow_sequence ON audit_entry (client_account_id, flow_id, global_sequence);
CREATE INDEX audit_entry_account_user_sequence ON audit_entry (client_account_id, user_id, global_sequence);
CREATE INDEX audit_entry_account_occurred ON audit_entry (client_account_id, occurred_at);
