-- The API a command came through when it was not the current one (event metadata 'via': the legacy layer's path
-- families), so that an auditor sees which changes still come through the old endpoints.
ALTER TABLE audit_entry ADD COLUMN via VARCHAR(64);
