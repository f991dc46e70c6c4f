-- The keys personal data in events is sealed with (docs/retention.md, "Erasure"): one per user within an account
-- (client_account_id NULL for an event that names no account). Events carry only key_id, a random id that says
-- nothing of the user; erasing a user or an account deletes its rows, and what was sealed with them is unreadable
-- for ever. The user id kept here goes with its row.
CREATE TABLE personal_data_key (
    key_id            UUID         NOT NULL,
    client_account_id UUID,
    user_id           TEXT         NOT NULL,
    secret            BYTEA        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    CONSTRAINT personal_data_key_pkey PRIMARY KEY (key_id),
    CONSTRAINT personal_data_key_length CHECK (length(secret) = 32)
);

-- one key per subject, also when two nodes create it at once; also how a user's keys are found to be erased
CREATE UNIQUE INDEX personal_data_key_subject
    ON personal_data_key (user_id, coalesce(client_account_id, '00000000-0000-0000-0000-000000000000'::UUID));
-- an account's keys, erased together
CREATE INDEX personal_data_key_account ON personal_data_key (client_account_id);

-- Each erasure, for the record: what was erased, when, by whom and how many keys went. An account is named (it is
-- the tenant, not a person); an erased user is not, since keeping the id would undo the erasure.
CREATE TABLE personal_data_erasure (
    erasure_id        UUID         NOT NULL,
    subject_kind      VARCHAR(16)  NOT NULL,
    client_account_id UUID,
    keys_destroyed    INTEGER      NOT NULL,
    requested_by      TEXT         NOT NULL,
    erased_at         TIMESTAMPTZ  NOT NULL,
    CONSTRAINT personal_data_erasure_pkey PRIMARY KEY (erasure_id),
    CONSTRAINT personal_data_erasure_kind CHECK (subject_kind IN ('user', 'account'))
);
