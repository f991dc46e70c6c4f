package io.masterflow.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** JDBC to the database under the server: its durability settings, and its activity counters. */
final class Database {

    /** Settings that decide what a commit costs, in the order they are printed. */
    static final String[] SETTINGS = {"server_version", "fsync", "synchronous_commit", "wal_sync_method",
            "full_page_writes", "commit_delay", "max_connections"};

    private final String url;
    private final Properties properties = new Properties();

    Database(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "masterflow-benchmark");
    }

    String url() {
        return url;
    }

    Connection connect() throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }

    static Map<String, String> settings(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : SETTINGS) {
                try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
                    settings.put(name, rs.next() ? rs.getString(1) : "?");
                }
            }
        }
        return settings;
    }

    /** Cumulative counters of the whole server (all databases) and of its WAL; compare two to see what a period cost. */
    record Counters(long commits, long rollbacks, long rowsInserted, long rowsFetched, long walRecords, long walBytes,
                    long walSyncs) {

        Counters minus(Counters earlier) {
            return new Counters(commits - earlier.commits, rollbacks - earlier.rollbacks,
                    rowsInserted - earlier.rowsInserted, rowsFetched - earlier.rowsFetched,
                    walRecords - earlier.walRecords, walBytes - earlier.walBytes,
                    walSyncs < 0 || earlier.walSyncs < 0 ? -1 : walSyncs - earlier.walSyncs);
        }
    }

    /**
     * A snapshot of pg_stat_database (summed over databases) and pg_stat_wal. Backends publish their counters at most
     * once a second, so over a period the differences are right to about a second's worth of work.
     */
    static Counters counters(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            long commits;
            long rollbacks;
            long inserted;
            long fetched;
            // every database of the server: the application's event store need not be the one we connect to
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(sum(xact_commit), 0), coalesce(sum(xact_rollback), 0),"
                    + " coalesce(sum(tup_inserted), 0), coalesce(sum(tup_fetched), 0) FROM pg_stat_database")) {
                rs.next();
                commits = rs.getLong(1);
                rollbacks = rs.getLong(2);
                inserted = rs.getLong(3);
                fetched = rs.getLong(4);
            }
            long walRecords = -1;
            long walBytes = -1;
            long walSyncs = -1;
            try (ResultSet rs = statement.executeQuery("SELECT * FROM pg_stat_wal")) {
                if (rs.next()) {
                    Set<String> columns = columns(rs.getMetaData());
                    walRecords = columns.contains("wal_records") ? rs.getLong("wal_records") : -1;
                    walBytes = columns.contains("wal_bytes") ? rs.getLong("wal_bytes") : -1;
                    // PostgreSQL 14 to 17; later versions count syncs in pg_stat_io instead
                    walSyncs = columns.contains("wal_sync") ? rs.getLong("wal_sync") : -1;
                }
            } catch (SQLException olderThan14) {
                // no pg_stat_wal: WAL figures stay unknown
            }
            return new Counters(commits, rollbacks, inserted, fetched, walRecords, walBytes, walSyncs);
        }
    }

    private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i));
        }
        return names;
    }
}
