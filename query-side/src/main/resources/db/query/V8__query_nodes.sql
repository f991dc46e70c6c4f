-- The query-side nodes alive on this database: each one refreshes its row while it runs and deletes it when it stops.
-- A node counts the live rows to know its fair share of every processor's segments; a node that owns no segment yet
-- is visible here only, since the token table names owners, not nodes waiting for work.
CREATE TABLE query_node (
    node_id VARCHAR(255) NOT NULL,
    seen_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT query_node_pkey PRIMARY KEY (node_id)
);
