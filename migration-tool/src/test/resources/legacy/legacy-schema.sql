-- Copied verbatim from the design's legacy folder (shared/legacy/legacy-schema.sql, beside DESIGN.md), so that the
-- tests do not depend on that folder being present. Keep in step with it.
-- The legacy platform's flow tables (PostgreSQL), as the migration tool finds them.
-- The tables were written by three services over several years; they do not always agree.

-- Master record of every flow, whatever its type.
CREATE TABLE crewai_flow_state_extensions (
    id                     UUID PRIMARY KEY,
    flow_id                VARCHAR(255) NOT NULL UNIQUE,   -- usually a UUID, sometimes not
    client_account_id      UUID,                           -- NULL in some early rows
    engagement_id          UUID,
    user_id                VARCHAR(255),
    flow_type              VARCHAR(50)  NOT NULL,          -- 'discovery', 'assessment', 'planning', ... any case
    flow_name              VARCHAR(255),
    flow_status            VARCHAR(50)  NOT NULL,          -- 'initialized', 'running', 'in_progress', 'paused',
                                                           -- 'waiting_for_approval', 'completed', 'failed', 'cancelled', 'deleted'
    flow_configuration     JSONB DEFAULT '{}',
    flow_persistence_data  JSONB DEFAULT '{}',             -- opaque state blob of the old engine
    phase_transitions      JSONB DEFAULT '[]',             -- [{"phase": "...", "status": "started|completed|failed", "timestamp": "ISO-8601", "error": "..."}]
    error_history          JSONB DEFAULT '[]',
    is_deleted             BOOLEAN DEFAULT FALSE,
    created_at             TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at             TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

-- Discovery flows, written by the old discovery service; one row per discovery flow.
CREATE TABLE discovery_flows (
    id                           UUID PRIMARY KEY,
    flow_id                      VARCHAR(255) NOT NULL UNIQUE,  -- matches crewai_flow_state_extensions.flow_id (or not: orphans exist)
    master_flow_id               UUID,                          -- crewai_flow_state_extensions.id, when set
    client_account_id            UUID NOT NULL,
    engagement_id                UUID NOT NULL,
    user_id                      VARCHAR(255),
    flow_name                    VARCHAR(255),
    status                       VARCHAR(50) NOT NULL,
    current_phase                VARCHAR(100),                  -- old names: 'data_import', 'field_mapping', 'data_cleansing',
                                                                -- 'asset_inventory', 'dependency_analysis', 'tech_debt_assessment'
    progress_percentage          DOUBLE PRECISION DEFAULT 0,
    data_import_completed        BOOLEAN DEFAULT FALSE,
    attribute_mapping_completed  BOOLEAN DEFAULT FALSE,
    data_cleansing_completed     BOOLEAN DEFAULT FALSE,
    inventory_completed          BOOLEAN DEFAULT FALSE,
    dependencies_completed       BOOLEAN DEFAULT FALSE,
    tech_debt_completed          BOOLEAN DEFAULT FALSE,
    crewai_state_data            JSONB DEFAULT '{}',
    error_message                TEXT,
    created_at                   TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at                   TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    completed_at                 TIMESTAMP WITH TIME ZONE
);

-- Assessment flows, written by the old assessment service.
CREATE TABLE assessment_flows (
    id                       UUID PRIMARY KEY,
    master_flow_id           UUID,                          -- crewai_flow_state_extensions.id, when set
    client_account_id        UUID NOT NULL,
    engagement_id            UUID NOT NULL,
    created_by               VARCHAR(255),
    status                   VARCHAR(50) NOT NULL,
    current_phase            VARCHAR(100),                  -- old names: 'architecture_minimums', 'tech_debt_analysis',
                                                            -- 'component_sixr_strategies', 'app_on_page_generation'
    progress                 INTEGER DEFAULT 0,             -- 0..100
    selected_application_ids JSONB DEFAULT '[]',
    phase_results            JSONB DEFAULT '{}',            -- {"<old phase>": {"completed_at": "ISO-8601", ...}}
    pause_points             JSONB DEFAULT '[]',            -- [{"phase": "...", "paused_at": "ISO-8601", "resumed_at": "ISO-8601"|null}]
    created_at               TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at               TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    completed_at             TIMESTAMP WITH TIME ZONE
);

-- Assets found by discovery flows.
CREATE TABLE assets (
    id                 UUID PRIMARY KEY,
    discovery_flow_id  UUID,                                -- discovery_flows.id
    client_account_id  UUID NOT NULL,
    engagement_id      UUID NOT NULL,
    name               VARCHAR(255) NOT NULL,
    asset_type         VARCHAR(50),                         -- 'server', 'database', 'application', 'network', ...
    hostname           VARCHAR(255),
    ip_address         VARCHAR(64),
    operating_system   VARCHAR(128),
    environment        VARCHAR(50),
    validation_status  VARCHAR(50) DEFAULT 'pending',       -- 'pending', 'validated', 'rejected'
    raw_data           JSONB DEFAULT '{}',
    created_at         TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
