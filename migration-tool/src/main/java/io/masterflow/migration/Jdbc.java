package io.masterflow.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Connections to the source and the target, how they are named in messages (never with a password), and what their
 * tables look like.
 */
public final class Jdbc {

    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)(password|sslpassword)=[^&]*");

    private Jdbc() {
    }

    /** The columns of {@code table} on the connection's search path; empty when there is no such table. */
    public static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = ANY (current_schemas(false)) AND table_name = ?""")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                }
            }
        }
        return columns;
    }

    /** Closes the connection, ignoring a failure: there is nothing left to do with it either way. */
    public static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to do
        }
    }

    public static Connection connect(String url, String user, String password) throws SQLException {
        return connect(url, user, password, new Properties());
    }

    /** @param defaults driver properties the URL may override */
    public static Connection connect(String url, String user, String password, Properties defaults) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(defaults);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // defaults only: a parameter in the URL wins
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "masterflow-migrate");
        return DriverManager.getConnection(url, properties);
    }

    /** The URL as it may appear in messages and reports. */
    public static String describe(String url) {
        return url == null ? null : SECRET_PARAMETER.matcher(url).replaceAll("$1=***");
    }

    /** The message of an exception and of its causes, on one line. */
    public static String message(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
