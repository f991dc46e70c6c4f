-- The query processors' dead letters: events a projection's handler refused, kept in order per flow (Axon's
-- JdbcSequencedDeadLetterQueue, one queue per processor, told apart by processing_group). The columns are the ones
-- Axon's GenericDeadLetterTableFactory would create, with PostgreSQL types: serialized data as bytea (never oid),
-- and the cause message as text, since Axon keeps up to 1,024 characters of it. Axon writes and reads the times
-- as ISO-8601 text in UTC (as its JDBC event store does), so they stay varchar.
CREATE TABLE query_dead_letter (
    dead_letter_id      VARCHAR(255) NOT NULL,
    processing_group    VARCHAR(255) NOT NULL,
    sequence_identifier VARCHAR(255) NOT NULL,
    sequence_index      BIGINT       NOT NULL,
    message_type        VARCHAR(255) NOT NULL,
    event_identifier    VARCHAR(255) NOT NULL,
    time_stamp          VARCHAR(255) NOT NULL,
    payload_type        VARCHAR(255) NOT NULL,
    payload_revision    VARCHAR(255),
    payload             BYTEA        NOT NULL,
    meta_data           BYTEA,
    aggregate_type      VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number     BIGINT,
    token_type          VARCHAR(255),
    token               BYTEA,
    enqueued_at         VARCHAR(255) NOT NULL,
    last_touched        VARCHAR(255),
    processing_started  VARCHAR(255),
    cause_type          VARCHAR(255),
    cause_message       TEXT,
    diagnostics         BYTEA,
    CONSTRAINT query_dead_letter_pkey PRIMARY KEY (dead_letter_id),
    CONSTRAINT query_dead_letter_sequence_index_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);

-- the queue counts and pages by processor, and looks a flow's sequence up for every event it handles
CREATE INDEX query_dead_letter_group_sequence ON query_dead_letter (processing_group, sequence_identifier);
