-- Erases personal data from the read models (docs/retention.md, "Erasure"): every value a projection copied from an
-- event's userId, for one user (erased_user) within one account (erased_account), for one user in every account (erased_account
-- NULL), or for every user of one account (erased_user NULL). The values become '[erased]', what the events' sealed
-- userId reads once its key is gone, so that a rebuilt read model and this one are the same. The erasure calls it in
-- the transaction that deletes the keys; a table added later with a user column is added here.
--
-- webhook_delivery is an outbox: the JSON sent (and still to be sent) names the user too, and is rewritten the same
-- way; a delivery still pending is signed over the rewritten body when it goes.
CREATE FUNCTION masterflow_erase_personal_data(erased_account UUID, erased_user TEXT) RETURNS BIGINT AS $$
DECLARE
    erased  CONSTANT TEXT := '[erased]';
    changed BIGINT := 0;
    touched    BIGINT;
BEGIN
    IF erased_account IS NULL AND erased_user IS NULL THEN
        RAISE EXCEPTION 'an erasure names a user, an account or both';
    END IF;
    UPDATE flow_status
    SET created_by = CASE WHEN (created_by IS NOT NULL AND created_by <> erased AND (erased_user IS NULL OR created_by = erased_user)) THEN erased ELSE created_by END,
        last_user = CASE WHEN (last_user IS NOT NULL AND last_user <> erased AND (erased_user IS NULL OR last_user = erased_user)) THEN erased ELSE last_user END
    WHERE (erased_account IS NULL OR client_account_id = erased_account)
      AND ((created_by IS NOT NULL AND created_by <> erased AND (erased_user IS NULL OR created_by = erased_user))
           OR (last_user IS NOT NULL AND last_user <> erased AND (erased_user IS NULL OR last_user = erased_user)));
    GET DIAGNOSTICS touched = ROW_COUNT;
    changed := changed + touched;

    UPDATE audit_entry SET user_id = erased
    WHERE (erased_account IS NULL OR client_account_id = erased_account)
      AND user_id IS NOT NULL AND user_id <> erased
      AND (erased_user IS NULL OR user_id = erased_user);
    GET DIAGNOSTICS touched = ROW_COUNT;
    changed := changed + touched;

    UPDATE flow_asset
    SET discovered_by = CASE WHEN (discovered_by IS NOT NULL AND discovered_by <> erased AND (erased_user IS NULL OR discovered_by = erased_user)) THEN erased ELSE discovered_by END,
        validated_by = CASE WHEN (validated_by IS NOT NULL AND validated_by <> erased AND (erased_user IS NULL OR validated_by = erased_user)) THEN erased ELSE validated_by END
    WHERE (erased_account IS NULL OR client_account_id = erased_account)
      AND ((discovered_by IS NOT NULL AND discovered_by <> erased AND (erased_user IS NULL OR discovered_by = erased_user))
           OR (validated_by IS NOT NULL AND validated_by <> erased AND (erased_user IS NULL OR validated_by = erased_user)));
    GET DIAGNOSTICS touched = ROW_COUNT;
    changed := changed + touched;

    UPDATE webhook_delivery d SET body = jsonb_set(d.body::jsonb, '{userId}', to_jsonb(erased))::text
    FROM webhook w
    WHERE w.webhook_id = d.webhook_id
      AND (erased_account IS NULL OR w.client_account_id = erased_account)
      AND d.body::jsonb ->> 'userId' IS NOT NULL AND d.body::jsonb ->> 'userId' <> erased
      AND (erased_user IS NULL OR d.body::jsonb ->> 'userId' = erased_user);
    GET DIAGNOSTICS touched = ROW_COUNT;
    changed := changed + touched;
    RETURN changed;
END;
$$ LANGUAGE plpgsql;
