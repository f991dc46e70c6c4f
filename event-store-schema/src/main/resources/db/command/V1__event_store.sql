-- Axon's JDBC event store, owned by the command side.
-- Payloads and metadata are bytea (never oid, which PostgreSQL keeps as large objects nobody cleans up).
-- globalIndex is a BIGSERIAL: a sequence with INCREMENT BY 1 and no cache, so appends from several nodes take
-- consecutive numbers and gaps only come from rolled-back appends (which Axon's gap tracking handles), never the
-- blocks of 50 that Hibernate's pooled sequence leaves.
CREATE TABLE domainevententry (
    globalindex         BIGSERIAL    NOT NULL,
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    eventidentifier     VARCHAR(255) NOT NULL,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,   -- ISO-8601 in UTC, as Axon's JDBC engine writes it
    CONSTRAINT domainevententry_pkey PRIMARY KEY (globalindex),
    -- the constraint that settles races between command nodes: one event per (flow, sequence)
    CONSTRAINT domainevententry_aggregate_sequence_key UNIQUE (aggregateidentifier, sequencenumber),
    CONSTRAINT domainevententry_eventidentifier_key UNIQUE (eventidentifier)
);

CREATE TABLE snapshotevententry (
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventidentifier     VARCHAR(255) NOT NULL,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,
    CONSTRAINT snapshotevententry_pkey PRIMARY KEY (aggregateidentifier, sequencenumber),
    CONSTRAINT snapshotevententry_eventidentifier_key UNIQUE (eventidentifier)
);

-- Tokens of the command side's own event processors (phase scheduling).
CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    CONSTRAINT tokenentry_pkey PRIMARY KEY (processorname, segment)
);
