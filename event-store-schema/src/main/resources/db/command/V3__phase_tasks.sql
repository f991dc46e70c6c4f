-- Units of work for started phase attempts, filled from PhaseStarted by the phase-tasks projection (in the same
-- transaction as the event: a subscribing processor) and claimed by workers with FOR UPDATE SKIP LOCKED, so that one
-- task is leased to at most one worker at a time. Operational state, not a read model: the events stay the truth.

-- What the projection needs to know of a flow to make tasks of its phases.
CREATE TABLE task_flow (
    flow_id           VARCHAR(64)  NOT NULL,
    client_account_id UUID         NOT NULL,
    engagement_id     UUID         NOT NULL,
    flow_type         VARCHAR(50)  NOT NULL,
    -- phase name -> handler name ("external" for workers), as the flow pinned them
    handlers          JSONB        NOT NULL,
    paused            BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT task_flow_pkey PRIMARY KEY (flow_id)
);

-- backfill: flows created before this table existed (their payloads and metadata are JSON), so that their next
-- attempts become tasks too. Attempts already running when this runs get no task: they are reported by hand, as before.
INSERT INTO task_flow (flow_id, client_account_id, engagement_id, flow_type, handlers)
SELECT e.aggregateidentifier,
       (convert_from(e.metadata, 'UTF8')::jsonb ->> 'clientAccountId')::uuid,
       (convert_from(e.metadata, 'UTF8')::jsonb ->> 'engagementId')::uuid,
       convert_from(e.payload, 'UTF8')::jsonb -> 'flowType' ->> 'type',
       (SELECT coalesce(jsonb_object_agg(phase ->> 'name', coalesce(phase ->> 'handler', 'external')), '{}'::jsonb)
        FROM jsonb_array_elements(convert_from(e.payload, 'UTF8')::jsonb -> 'phases') AS phase)
FROM domainevententry e
WHERE e.payloadtype IN ('io.masterflow.events.FlowCreated', 'io.masterflow.events.LegacyFlowImported')
ON CONFLICT (flow_id) DO NOTHING;
-- end of backfill

CREATE TABLE phase_task (
    -- derived from (flow, phase, attempt): the projection may see an event twice and still makes one task
    task_id           UUID         NOT NULL,
    flow_id           VARCHAR(64)  NOT NULL,
    client_account_id UUID         NOT NULL,
    engagement_id     UUID         NOT NULL,
    flow_type         VARCHAR(50)  NOT NULL,
    phase             VARCHAR(64)  NOT NULL,
    attempt           INTEGER      NOT NULL,
    handler           VARCHAR(100) NOT NULL,
    -- emptied when the task is over: an inventory given to an import should not be kept twice
    input             JSONB        NOT NULL,
    -- AVAILABLE (claimable), CLAIMED (leased), AWAITING (an in-process handler left the attempt to a decision made
    -- through the API), DONE (the attempt completed or failed), EXPIRING then EXPIRED (the lease ran out and the
    -- attempt is being, then was, failed)
    status            VARCHAR(16)  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    worker_id         VARCHAR(255),
    claimed_at        TIMESTAMPTZ,
    heartbeat_at      TIMESTAMPTZ,
    lease_expires_at  TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    CONSTRAINT phase_task_pkey PRIMARY KEY (task_id),
    CONSTRAINT phase_task_attempt_key UNIQUE (flow_id, phase, attempt)
);

CREATE INDEX phase_task_available ON phase_task (client_account_id, created_at) WHERE status = 'AVAILABLE';
CREATE INDEX phase_task_leased ON phase_task (lease_expires_at) WHERE status IN ('CLAIMED', 'EXPIRING');
CREATE INDEX phase_task_worker ON phase_task (client_account_id, worker_id);

-- Workers register by claiming: one row per (account, worker id), with when it was last heard of.
CREATE TABLE worker (
    client_account_id UUID         NOT NULL,
    worker_id         VARCHAR(255) NOT NULL,
    user_id           VARCHAR(255) NOT NULL,
    first_seen_at     TIMESTAMPTZ  NOT NULL,
    last_seen_at      TIMESTAMPTZ  NOT NULL,
    last_heartbeat_at TIMESTAMPTZ,
    CONSTRAINT worker_pkey PRIMARY KEY (client_account_id, worker_id)
);
