-- The id the legacy platform knew a migrated flow by (LegacyFlowImported.legacyFlowId): legacy clients still name
-- flows by it. Looked up within one account; only migrated flows have one.
ALTER TABLE flow_status ADD COLUMN legacy_flow_id VARCHAR(255);
CREATE INDEX flow_status_account_legacy_id ON flow_status (client_account_id, legacy_flow_id) WHERE legacy_flow_id IS NOT NULL;
