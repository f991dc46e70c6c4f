-- Read models of the query side. The event store (domainevententry ...) belongs to the command side; this side
-- only reads it. Times are timestamptz (UTC instants); no column is oid.

-- Tokens of this side's event processors: its own table, so that the command side's processors (tokenentry) and
-- these never share or overwrite a claim, whether the sides run in one process or apart.
CREATE TABLE query_token_entry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    CONSTRAINT query_token_entry_pkey PRIMARY KEY (processorname, segment)
);

-- One row per flow. version is the aggregate sequence number of the last event applied: an event at or below it
-- has been applied already and changes nothing.
CREATE TABLE flow_status (
    flow_id             UUID         NOT NULL,
    client_account_id   UUID         NOT NULL,
    engagement_id       UUID         NOT NULL,
    flow_type           VARCHAR(50)  NOT NULL,
    flow_type_version   INTEGER      NOT NULL,
    name                TEXT         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    status_before_pause VARCHAR(16),
    current_phase       VARCHAR(64),
    auto_advance        BOOLEAN      NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    created_by          VARCHAR(255),
    updated_at          TIMESTAMPTZ  NOT NULL,
    last_user           VARCHAR(255),
    version             BIGINT       NOT NULL,
    deleted             BOOLEAN      NOT NULL,
    CONSTRAINT flow_status_pkey PRIMARY KEY (flow_id)
);

-- Keyset pagination: every list is one tenant's, ordered by a sort column with the flow id as tie-breaker, so a
-- page is one index range scan whatever the page number (descending orders scan these backwards).
CREATE INDEX flow_status_account_created ON flow_status (client_account_id, created_at, flow_id);
CREATE INDEX flow_status_account_updated ON flow_status (client_account_id, updated_at, flow_id);
CREATE INDEX flow_status_account_name ON flow_status (client_account_id, lower(name), flow_id);
CREATE INDEX flow_status_engagement_created ON flow_status (client_account_id, engagement_id, created_at, flow_id);
-- a rare status (FAILED, PAUSED) must not make a page scan most of the tenant's flows
CREATE INDEX flow_status_account_status_created ON flow_status (client_account_id, status, created_at, flow_id);

-- One row per phase the flow pinned at creation, in order.
CREATE TABLE flow_phase_status (
    flow_id                 UUID        NOT NULL,
    position                INTEGER     NOT NULL,
    name                    VARCHAR(64) NOT NULL,
    required                BOOLEAN     NOT NULL,
    state                   VARCHAR(16) NOT NULL,
    attempts                INTEGER     NOT NULL,
    started_at              TIMESTAMPTZ,
    last_attempt_started_at TIMESTAMPTZ,
    finished_at             TIMESTAMPTZ,
    duration_ms             BIGINT,
    last_error              TEXT,
    next_attempt_at         TIMESTAMPTZ,
    -- the flow version whose event last changed this phase: an older write never overwrites a newer one
    flow_version            BIGINT      NOT NULL,
    CONSTRAINT flow_phase_status_pkey PRIMARY KEY (flow_id, position),
    CONSTRAINT flow_phase_status_flow_fkey FOREIGN KEY (flow_id) REFERENCES flow_status (flow_id) ON DELETE CASCADE
);
