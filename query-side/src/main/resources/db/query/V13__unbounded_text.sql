-- Text an event carries without a bound of its own fits the read models whatever its length: user ids (a token's
-- 'sub', as any identity provider makes it), correlation and causation ids, asset kinds and who judged an asset. A
-- value the command side stored must never stop a projection; these were VARCHAR(255), and a longer value failed its
-- processor's batch for good. From VARCHAR to TEXT is a change PostgreSQL makes without rewriting a table.
ALTER TABLE audit_entry
    ALTER COLUMN user_id TYPE TEXT,
    ALTER COLUMN correlation_id TYPE TEXT,
    ALTER COLUMN causation_id TYPE TEXT;
ALTER TABLE flow_status
    ALTER COLUMN created_by TYPE TEXT,
    ALTER COLUMN last_user TYPE TEXT;
ALTER TABLE flow_asset
    ALTER COLUMN kind TYPE TEXT,
    ALTER COLUMN discovered_by TYPE TEXT,
    ALTER COLUMN validated_by TYPE TEXT;
