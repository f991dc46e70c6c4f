package io.masterflow.migration.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every row of every table of a database, as text, sorted: two dumps are equal exactly when the tables hold the same
 * rows. Tables that only say how far a reader has got (processor tokens, node heartbeats, schema histories), and the
 * personal-data keys, are left out by name, so that everything else, event store and read models alike, is compared whole.
 */
public final class TableDump {

    /** Positions and bookkeeping: they move on with time, whatever the content. */
    public static final Set<String> BOOKKEEPING = Set.of("tokenentry", "query_token_entry", "query_node",
            "flyway_history_command", "flyway_history_query", "flow_change_horizon",
            // the users' keys a run created stay after its rollback (docs/retention.md): a key no event uses seals
            // nothing, and a user's key may be shared with events the command side wrote
            "personal_data_key");

    private TableDump() {
    }

    public static Map<String, List<String>> of(String url) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
            for (String table : names) {
                if (BOOKKEEPING.contains(table)) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            Object value = result.getObject(column);
                            row.append(columns.getColumnName(column)).append('=')
                                    .append(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value).append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        }
        return tables;
    }
}
