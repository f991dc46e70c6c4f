-- Asset inventories, stored once as they stream in and referred to by the phase inputs that import them (the
-- PhaseStarted event holds the reference, not the rows). Content-addressed per account: the same bytes sent twice by one
-- account are one inventory; another account's are another row, never shared. Kept as long as the events: an event may
-- be replayed, and its attempt retried or rewound, at any time, so nothing here is ever deleted by the application.

CREATE TABLE inventory (
    client_account_id UUID        NOT NULL,
    -- SHA-256 of the bytes as sent, lower-case hex, computed while they streamed in
    digest            CHAR(64)    NOT NULL,
    -- the key of the inventory's parts
    inventory_id      UUID        NOT NULL,
    format            VARCHAR(8)  NOT NULL,
    byte_count        BIGINT      NOT NULL,
    row_count         BIGINT      NOT NULL,
    stored_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT inventory_pkey PRIMARY KEY (client_account_id, digest),
    CONSTRAINT inventory_id_key UNIQUE (inventory_id)
);

-- The bytes, in parts of at most 1 MiB: written one part at a time as the body streams in, and read back one part at a
-- time by the import (the driver reads a bytea value whole, so one value per inventory would be one heap copy of it).
CREATE TABLE inventory_part (
    inventory_id UUID    NOT NULL,
    part         INTEGER NOT NULL,
    content      BYTEA   NOT NULL,
    CONSTRAINT inventory_part_pkey PRIMARY KEY (inventory_id, part)
);
