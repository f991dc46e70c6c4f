package io.masterflow.standalone;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC against a running database, so that the tests check the server, not a client library's view of it. */
final class Sql {

    private Sql() {
    }

    static void execute(EmbeddedDatabase database, String... statements) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<String> column(EmbeddedDatabase database, String query) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    static String single(EmbeddedDatabase database, String query) throws SQLException {
        List<String> values = column(database, query);
        if (values.size() != 1) {
            throw new AssertionError(query + " returned " + values);
        }
        return values.get(0);
    }

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
