-- The key of an account itself (docs/retention.md, "Personal fields of event payloads"): the fields a flow type marks
-- as personal are about the client's people, not about the user who typed them, so they are sealed with a key of the
-- account, a row without a user. An account's erasure deletes it with the account's other keys (client_account_id);
-- a user's erasure (user_id = ...) never reaches it.
ALTER TABLE personal_data_key ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE personal_data_key ADD CONSTRAINT personal_data_key_subject_named
    CHECK (user_id IS NOT NULL OR client_account_id IS NOT NULL);

-- one key per account, also when two nodes create it at once (the index on user and account leaves NULL users apart)
CREATE UNIQUE INDEX personal_data_key_account_itself ON personal_data_key (client_account_id) WHERE user_id IS NULL;
