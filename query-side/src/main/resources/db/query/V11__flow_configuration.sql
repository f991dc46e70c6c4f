-- A flow's configuration as created and changed since (FlowCreated, FlowConfigurationChanged), shown with the flow.
-- Rows written before this column existed read '{}' until the flow next changes or flow-status is rebuilt
-- (POST /api/v1/admin/projections/flow-status/rebuild), which fills every flow's in.
ALTER TABLE flow_status ADD COLUMN configuration JSONB NOT NULL DEFAULT '{}';
