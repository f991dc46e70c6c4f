package io.masterflow.query.asset;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.FlowId;

import java.util.Objects;

/**
 * One page of a flow's assets in asset-id order. The account is the caller's: the flow's ownership is checked
 * before, and the account in the query keeps another tenant's rows out even if a flow id were shared.
 *
 * @param kind       only assets of this kind (null: any)
 * @param validation only assets in this state (null: any)
 * @param afterAsset the last asset id of the previous page (null: the first page)
 */
public record AssetQuery(ClientAccountId account, FlowId flowId, String kind, ValidationState validation, int limit,
                         String afterAsset) {

    public AssetQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(flowId, "flow id");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }
}
