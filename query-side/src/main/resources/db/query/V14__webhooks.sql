-- Outbound webhooks: an account's subscriptions (webhook) and the outbox of what is to be sent to them
-- (webhook_delivery). The webhooks processor inserts deliveries in the transaction that moves its token, so an
-- event reaches the outbox exactly once whatever stops when; the senders of every node work through the outbox.

CREATE TABLE webhook (
    webhook_id        UUID          NOT NULL,
    client_account_id UUID          NOT NULL,
    url               TEXT          NOT NULL,
    -- event type names (FlowCompleted, PhaseFailed, ...)
    event_types       TEXT[]        NOT NULL,
    -- the engagements whose events it gets; NULL: every engagement of the account
    engagements       UUID[],
    -- signs each delivery; the sender needs it as given, the API never shows it again
    secret            TEXT          NOT NULL,
    created_by        VARCHAR(255)  NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    -- the head of the event store when it was created: it gets the events stored after that position only
    from_position     BIGINT        NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    disabled_at       TIMESTAMPTZ,
    disabled_reason   TEXT,
    -- the last delivery the receiver accepted: decides whether a receiver failed for the whole retry window
    last_delivered_at TIMESTAMPTZ,
    CONSTRAINT webhook_pkey PRIMARY KEY (webhook_id),
    CONSTRAINT webhook_state CHECK (state IN ('ACTIVE', 'DISABLED'))
);

CREATE INDEX webhook_account ON webhook (client_account_id, created_at, webhook_id);

CREATE TABLE webhook_delivery (
    delivery_id       UUID          NOT NULL,
    webhook_id        UUID          NOT NULL REFERENCES webhook (webhook_id) ON DELETE CASCADE,
    event_id          VARCHAR(255)  NOT NULL,
    event_type        VARCHAR(255)  NOT NULL,
    -- the event's global index in the store: the list's order
    global_position   BIGINT        NOT NULL,
    flow_id           VARCHAR(255)  NOT NULL,
    -- the event's sequence number in its flow: a flow's deliveries to one webhook go out in this order
    flow_version      BIGINT        NOT NULL,
    -- the exact JSON sent (and signed) on every attempt
    body              TEXT          NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    next_attempt_at   TIMESTAMPTZ   NOT NULL,
    attempts          INTEGER       NOT NULL DEFAULT 0,
    first_attempt_at  TIMESTAMPTZ,
    last_attempt_at   TIMESTAMPTZ,
    last_status       INTEGER,
    last_error        TEXT,
    delivered_at      TIMESTAMPTZ,
    -- the node sending it now, until when: a node that dies mid-send gives it back when the lease runs out
    claimed_by        VARCHAR(255),
    claimed_until     TIMESTAMPTZ,
    CONSTRAINT webhook_delivery_pkey PRIMARY KEY (delivery_id),
    -- an event is one delivery per webhook, however often its batch is handled
    CONSTRAINT webhook_delivery_event UNIQUE (webhook_id, event_id),
    CONSTRAINT webhook_delivery_state CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'))
);

-- the senders look for pending deliveries that are due
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
-- ... and send one only when no earlier one of its flow to the same webhook is pending
CREATE INDEX webhook_delivery_flow_pending ON webhook_delivery (webhook_id, flow_id, flow_version) WHERE state = 'PENDING';
-- a webhook's deliveries, newest first
CREATE INDEX webhook_delivery_list ON webhook_delivery (webhook_id, global_position);
-- the retention sweep finds old deliveries by age
CREATE INDEX webhook_delivery_created ON webhook_delivery (created_at);
