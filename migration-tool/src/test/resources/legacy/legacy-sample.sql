-- Copied verbatim from the design's legacy folder (shared/legacy/legacy-sample.sql, beside DESIGN.md), so that the
-- tests do not depend on that folder being present. Keep in step with it.
-- A small sample of legacy rows, with the kinds of disagreement the real tables have.
-- Load after legacy-schema.sql. Tenants: account a1 (engagements e1, e2), account a2 (engagement e3).

-- 1. A running discovery flow: master + child agree, three phases done.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_name, flow_status, flow_configuration, phase_transitions, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001',
        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'alice', 'discovery', 'Datacenter East',
        'running', '{"source": "cmdb-export.csv"}',
        '[{"phase": "data_import", "status": "started", "timestamp": "2025-03-01T09:00:00Z"},
          {"phase": "data_import", "status": "completed", "timestamp": "2025-03-01T09:04:10Z"},
          {"phase": "field_mapping", "status": "started", "timestamp": "2025-03-01T09:05:00Z"},
          {"phase": "field_mapping", "status": "completed", "timestamp": "2025-03-01T09:30:00Z"},
          {"phase": "data_cleansing", "status": "started", "timestamp": "2025-03-02T08:00:00Z"},
          {"phase": "data_cleansing", "status": "failed", "timestamp": "2025-03-02T08:01:00Z", "error": "agent timeout"},
          {"phase": "data_cleansing", "status": "started", "timestamp": "2025-03-02T08:10:00Z"},
          {"phase": "data_cleansing", "status": "completed", "timestamp": "2025-03-02T08:40:00Z"}]',
        '2025-03-01T08:59:00Z', '2025-03-02T08:40:00Z');
INSERT INTO discovery_flows (id, flow_id, master_flow_id, client_account_id, engagement_id, user_id, flow_name, status, current_phase, progress_percentage,
        data_import_completed, attribute_mapping_completed, data_cleansing_completed, created_at, updated_at)
VALUES ('30000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'alice', 'Datacenter East', 'in_progress', 'asset_inventory', 50.0,
        TRUE, TRUE, TRUE, '2025-03-01T08:59:00Z', '2025-03-02T08:40:00Z');
INSERT INTO assets (id, discovery_flow_id, client_account_id, engagement_id, name, asset_type, hostname, ip_address, operating_system, environment, validation_status, created_at)
VALUES ('40000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001', 'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000',
        'web-01', 'server', 'web-01.east.local', '10.0.0.11', 'RHEL 8', 'production', 'validated', '2025-03-01T09:04:00Z'),
       ('40000000-0000-0000-0000-000000000002', '30000000-0000-0000-0000-000000000001', 'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000',
        'orders-db', 'database', 'db-01.east.local', '10.0.0.21', 'Oracle Linux 7', 'production', 'pending', '2025-03-01T09:04:00Z');

-- 2. A completed assessment flow (master + child), phase results with their completion times.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_name, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000002',
        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'bob', 'assessment', 'Wave 1 assessment',
        'completed', '2025-04-01T10:00:00Z', '2025-04-03T16:00:00Z');
INSERT INTO assessment_flows (id, master_flow_id, client_account_id, engagement_id, created_by, status, current_phase, progress, selected_application_ids, phase_results, created_at, updated_at, completed_at)
VALUES ('50000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000002',
        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'bob', 'completed', 'app_on_page_generation', 100,
        '["app-17", "app-18"]',
        '{"architecture_minimums": {"completed_at": "2025-04-01T12:00:00Z"}, "tech_debt_analysis": {"completed_at": "2025-04-02T09:00:00Z"},
          "component_sixr_strategies": {"completed_at": "2025-04-03T11:00:00Z"}, "app_on_page_generation": {"completed_at": "2025-04-03T16:00:00Z"}}',
        '2025-04-01T10:00:00Z', '2025-04-03T16:00:00Z', '2025-04-03T16:00:00Z');

-- 3. A paused assessment flow, paused twice (resumed once).
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000003', '20000000-0000-0000-0000-000000000003',
        'a1000000-0000-0000-0000-000000000000', 'e2000000-0000-0000-0000-000000000000', 'carol', 'assessment', 'paused', '2025-05-01T10:00:00Z', '2025-05-04T10:00:00Z');
INSERT INTO assessment_flows (id, master_flow_id, client_account_id, engagement_id, created_by, status, current_phase, progress, phase_results, pause_points, created_at, updated_at)
VALUES ('50000000-0000-0000-0000-000000000003', '10000000-0000-0000-0000-000000000003',
        'a1000000-0000-0000-0000-000000000000', 'e2000000-0000-0000-0000-000000000000', 'carol', 'paused', 'tech_debt_analysis', 25,
        '{"architecture_minimums": {"completed_at": "2025-05-01T15:00:00Z"}}',
        '[{"phase": "tech_debt_analysis", "paused_at": "2025-05-02T09:00:00Z", "resumed_at": "2025-05-03T09:00:00Z"},
          {"phase": "tech_debt_analysis", "paused_at": "2025-05-04T10:00:00Z", "resumed_at": null}]',
        '2025-05-01T10:00:00Z', '2025-05-04T10:00:00Z');

-- 4. A master-only planning flow, type in capitals, status spelled by another service.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_name, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000004', '20000000-0000-0000-0000-000000000004',
        'a2000000-0000-0000-0000-000000000000', 'e3000000-0000-0000-0000-000000000000', 'dave', 'Planning', 'Q3 waves', 'in_progress', '2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z');

-- 5. An orphan discovery flow: no master row.
INSERT INTO discovery_flows (id, flow_id, client_account_id, engagement_id, user_id, status, current_phase, progress_percentage, data_import_completed, created_at, updated_at)
VALUES ('30000000-0000-0000-0000-000000000005', 'legacy-flow-0005',
        'a2000000-0000-0000-0000-000000000000', 'e3000000-0000-0000-0000-000000000000', 'erin', 'running', 'field_mapping', 16.7, TRUE, '2025-02-01T10:00:00Z', '2025-02-01T12:00:00Z');

-- 6. An early master row with no tenant at all.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000006', '20000000-0000-0000-0000-000000000006', NULL, NULL, 'system', 'discovery', 'initialized', '2024-11-01T10:00:00Z', '2024-11-01T10:00:00Z');

-- 7. A deleted discovery flow.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, is_deleted, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000007', '20000000-0000-0000-0000-000000000007',
        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'alice', 'discovery', 'deleted', TRUE, '2025-01-10T10:00:00Z', '2025-01-12T10:00:00Z');

-- 8. Master and child disagree: master still says running, the discovery service finished it.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000008', '20000000-0000-0000-0000-000000000008',
        'a1000000-0000-0000-0000-000000000000', 'e2000000-0000-0000-0000-000000000000', 'frank', 'discovery', 'running', '2025-07-01T10:00:00Z', '2025-07-01T10:05:00Z');
INSERT INTO discovery_flows (id, flow_id, master_flow_id, client_account_id, engagement_id, user_id, status, current_phase, progress_percentage,
        data_import_completed, attribute_mapping_completed, data_cleansing_completed, inventory_completed, dependencies_completed, tech_debt_completed, created_at, updated_at, completed_at)
VALUES ('30000000-0000-0000-0000-000000000008', '20000000-0000-0000-0000-000000000008', '10000000-0000-0000-0000-000000000008',
        'a1000000-0000-0000-0000-000000000000', 'e2000000-0000-0000-0000-000000000000', 'frank', 'completed', NULL, 100,
        TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, '2025-07-01T10:00:00Z', '2025-07-09T17:00:00Z', '2025-07-09T17:00:00Z');

-- 9. A flow type the new registry does not know.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000009', '20000000-0000-0000-0000-000000000009',
        'a2000000-0000-0000-0000-000000000000', 'e3000000-0000-0000-0000-000000000000', 'gina', 'collection', 'running', '2025-08-01T10:00:00Z', '2025-08-01T10:00:00Z');

-- 10. A failed discovery flow whose transition log is not a list, and an unparseable timestamp in its errors.
INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, phase_transitions, error_history, created_at, updated_at)
VALUES ('10000000-0000-0000-0000-000000000010', '20000000-0000-0000-0000-000000000010',
        'a2000000-0000-0000-0000-000000000000', 'e3000000-0000-0000-0000-000000000000', 'hank', 'discovery', 'failed',
        '{"data_import": "completed"}', '[{"phase": "field_mapping", "error": "LLM quota exceeded", "timestamp": "yesterday"}]',
        '2025-09-01T10:00:00Z', '2025-09-01T11:00:00Z');
