-- The assets each flow's phases discovered, with their validation state. One row per (flow, asset id): an asset
-- discovered again (a later phase, a retried attempt) keeps one row, its description replaced and its validation
-- kept. The two version columns are the flow versions (aggregate sequence numbers) of the events that last wrote
-- each half of the row: an event at or below them has been applied already and changes nothing.
CREATE TABLE flow_asset (
    flow_id             UUID         NOT NULL,
    -- byte order: pages follow the asset id, and "C" makes that order the same on every server whatever its locale
    asset_id            TEXT COLLATE "C" NOT NULL,
    client_account_id   UUID         NOT NULL,
    engagement_id       UUID         NOT NULL,
    name                TEXT         NOT NULL,
    kind                VARCHAR(255),
    attributes          JSONB        NOT NULL,
    discovered_in_phase VARCHAR(64)  NOT NULL,
    discovered_at       TIMESTAMPTZ  NOT NULL,
    discovered_by       VARCHAR(255),
    discovered_version  BIGINT       NOT NULL,
    validation          VARCHAR(16)  NOT NULL,
    validation_notes    TEXT,
    validated_at        TIMESTAMPTZ,
    validated_by        VARCHAR(255),
    validation_version  BIGINT,
    CONSTRAINT flow_asset_pkey PRIMARY KEY (flow_id, asset_id)
);

-- A flow may hold 100,000 assets: each filter has an index ending in the asset id, so that a filtered page is one
-- range scan wherever it starts (the primary key serves the unfiltered one).
CREATE INDEX flow_asset_kind ON flow_asset (flow_id, kind, asset_id);
CREATE INDEX flow_asset_validation ON flow_asset (flow_id, validation, asset_id);
