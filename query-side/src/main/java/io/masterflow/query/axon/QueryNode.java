package io.masterflow.query.axon;

/** This query-side node as its processors' token claims name it (query_token_entry.owner). */
public record QueryNode(String id) {
}
