-- The key that seals the positions tenants get as cursors (the audit trail's pages, the live stream's event ids). A
-- position in the event store or in the change log is global: the gap between two of one tenant's positions counts
-- the other tenants' events, so a tenant only ever sees it sealed (AES-GCM, see CursorSeal). Made once, from the
-- server's strong random source (two random UUIDs, 244 random bits); every query node shares it, so a cursor made by
-- one node is read by any other, also after a restart. One row.
CREATE TABLE cursor_key (
    singleton BOOLEAN NOT NULL DEFAULT TRUE,
    key_bytes BYTEA   NOT NULL,
    CONSTRAINT cursor_key_pkey PRIMARY KEY (singleton),
    CONSTRAINT cursor_key_singleton CHECK (singleton),
    CONSTRAINT cursor_key_length CHECK (length(key_bytes) = 32)
);
INSERT INTO cursor_key (key_bytes)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
