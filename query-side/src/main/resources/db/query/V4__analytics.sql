-- The analytics read model (processor "analytics"): what happened to each flow and to each phase attempt, with
-- the times the figures are counted by. Counts by status come from flow_status, the one place a status is decided.
-- Every index starts with the account and carries the columns the figures read, so a tenant's figures are
-- index-only range scans however many flows other tenants have.

-- One row per flow. outcome is how the flow ended, COMPLETED or FAILED, null while it has not (a restart after a
-- failure makes it null again); outcome_at is when, null for a legacy flow imported as ended (the legacy table has
-- no such time). version is the sequence number of the last event that changed the row: an event at or below it
-- changes nothing.
CREATE TABLE analytics_flow (
    flow_id           UUID        NOT NULL,
    client_account_id UUID        NOT NULL,
    engagement_id     UUID        NOT NULL,
    flow_type         VARCHAR(50) NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    outcome           VARCHAR(16),
    outcome_at        TIMESTAMPTZ,
    version           BIGINT      NOT NULL,
    CONSTRAINT analytics_flow_pkey PRIMARY KEY (flow_id)
);

CREATE INDEX analytics_flow_account_created ON analytics_flow (client_account_id, created_at)
    INCLUDE (engagement_id, flow_type, outcome);
CREATE INDEX analytics_flow_account_outcome ON analytics_flow (client_account_id, outcome, outcome_at)
    INCLUDE (engagement_id, flow_type);

-- One row per finished phase attempt (attempt numbers keep counting across retries and restarts, so the key is
-- unique per attempt and a re-delivered event adds nothing). Owner and flow type are copied from analytics_flow
-- so that filtering needs no join. duration_ms is the command side's measure of a completed attempt.
CREATE TABLE analytics_phase_attempt (
    flow_id           UUID        NOT NULL,
    phase             VARCHAR(64) NOT NULL,
    attempt           INTEGER     NOT NULL,
    client_account_id UUID        NOT NULL,
    engagement_id     UUID        NOT NULL,
    flow_type         VARCHAR(50) NOT NULL,
    outcome           VARCHAR(16) NOT NULL,
    finished_at       TIMESTAMPTZ NOT NULL,
    duration_ms       BIGINT,
    CONSTRAINT analytics_phase_attempt_pkey PRIMARY KEY (flow_id, phase, attempt)
);

CREATE INDEX analytics_phase_attempt_account_finished ON analytics_phase_attempt (client_account_id, finished_at)
    INCLUDE (engagement_id, flow_type, phase, attempt, outcome, duration_ms);
-- Per-phase figures over a long period: read in phase and duration order, the grouping needs no sort and the
-- percentiles' own sort finds its input sorted already (600,000 attempts: seconds of sorting otherwise).
CREATE INDEX analytics_phase_attempt_account_phase_duration ON analytics_phase_attempt (client_account_id, phase, duration_ms)
    INCLUDE (engagement_id, flow_type, finished_at, attempt, outcome);
