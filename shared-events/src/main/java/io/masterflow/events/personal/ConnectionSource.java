package io.masterflow.events.personal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link SubjectKeys} gets a connection of its own (closed after each use) for the key table: a pool's, or a new
 * one. Never the connection of the transaction appending events: a key must be committed before the first event
 * sealed with it, whatever becomes of that transaction.
 */
@FunctionalInterface
public interface ConnectionSource {

    Connection connect() throws SQLException;
}
