package io.masterflow.migration.legacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The legacy database, read in one read-only, repeatable-read transaction: the row counts and every row come from
 * the same snapshot, so the report's counts add up even if a legacy service still writes.
 *
 * <p>Master rows and their children are joined in this process, not in SQL: each table is streamed once, ordered
 * by the master row it belongs to, and the streams are merged. That keeps memory flat for millions of rows and asks
 * the legacy database for nothing but sorted scans (its child tables have no index on {@code master_flow_id}).
 */
public final class LegacySource implements AutoCloseable {

    private static final int FETCH_SIZE = 2_000;
    private static final int STRAY_ASSETS_PER_UNIT = 1_000;
    private static final String UNIT = "migration_unit_id";
    private static final String DISCOVERY = "migration_discovery_id";

    private static final String MASTERS = "SELECT m.* FROM crewai_flow_state_extensions m ORDER BY m.id";
    // a discovery row names its master by master_flow_id, or by flow_id when master_flow_id names no master row
    private static final String DISCOVERY_ROWS = """
            SELECT d.*, coalesce(by_id.id, by_flow_id.id) AS migration_unit_id
            FROM discovery_flows d
            LEFT JOIN crewai_flow_state_extensions by_id ON by_id.id = d.master_flow_id
            LEFT JOIN crewai_flow_state_extensions by_flow_id ON by_flow_id.flow_id = d.flow_id
            ORDER BY migration_unit_id NULLS LAST, d.id""";
    private static final String ASSESSMENT_ROWS = """
            SELECT a.*, m.id AS migration_unit_id
            FROM assessment_flows a
            LEFT JOIN crewai_flow_state_extensions m ON m.id = a.master_flow_id
            ORDER BY migration_unit_id NULLS LAST, a.id""";
    private static final String ASSET_ROWS = """
            SELECT s.*, coalesce(by_id.id, by_flow_id.id) AS migration_unit_id, d.id AS migration_discovery_id
            FROM assets s
            LEFT JOIN discovery_flows d ON d.id = s.discovery_flow_id
            LEFT JOIN crewai_flow_state_extensions by_id ON by_id.id = d.master_flow_id
            LEFT JOIN crewai_flow_state_extensions by_flow_id ON by_flow_id.flow_id = d.flow_id
            ORDER BY migration_unit_id NULLS LAST, migration_discovery_id NULLS LAST, s.id""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final String description;
    private final String url;
    private final String user;
    private final String password;
    private final List<Connection> cursorConnections = new ArrayList<>();
    private final List<Cursor> cursors = new ArrayList<>();

    private LegacySource(Connection connection, String description, String url, String user, String password) {
        this.connection = connection;
        this.description = description;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * Connects, opens the snapshot and checks that the four legacy tables are there with their columns.
     *
     * @throws MigrationFailure of kind SOURCE, with a one-line message, when any of that fails
     */
    public static LegacySource open(String url, String user, String password) {
        String description = Jdbc.describe(url);
        Connection connection;
        try {
            connection = Jdbc.connect(url, user, password);
        } catch (SQLException e) {
            throw MigrationFailure.source("cannot connect to the source " + description + ": " + Jdbc.message(e), e);
        }
        LegacySource source = new LegacySource(connection, description, url, user, password);
        try {
            beginSnapshot(connection);
            source.checkSchema();
            return source;
        } catch (SQLException e) {
            source.close();
            throw MigrationFailure.source("cannot read the source " + description + ": " + Jdbc.message(e), e);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    public String description() {
        return description;
    }

    /**
     * When the snapshot was taken, as a delta run after this one must start from it: the snapshot transaction's start,
     * or that of the oldest transaction then still open on the source, whichever is earlier. A legacy write that was
     * open over the snapshot is not in it and may carry an updated_at older than the snapshot; starting from its
     * transaction's start still takes it. (A reader without pg_read_all_stats sees only its own transactions there.)
     */
    public Instant snapshotTime() {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("""
                SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity
                                     WHERE datname = current_database() AND xact_start IS NOT NULL))""")) {
            result.next();
            return result.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw MigrationFailure.source("cannot read the time of the source " + description + ": " + Jdbc.message(e), e);
        }
    }

    /** Rows of each table in the snapshot. */
    public Map<LegacyTable, Long> rowCounts() {
        Map<LegacyTable, Long> counts = new EnumMap<>(LegacyTable.class);
        try (Statement statement = connection.createStatement()) {
            for (LegacyTable table : LegacyTable.values()) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table.tableName())) {
                    result.next();
                    counts.put(table, result.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw MigrationFailure.source("cannot count the rows of the source " + description + ": " + Jdbc.message(e), e);
        }
        return counts;
    }

    /**
     * Every legacy row, in units of rows that belong together: masters in id order with their children and assets,
     * then child rows without a master, then assets without a discovery flow. Each row appears in exactly one unit.
     *
     * <p>Each table is read on a connection of its own, by a thread of its own, all in the snapshot of this source's
     * transaction (exported to them): the database produces rows while this process maps them. A server that cannot
     * export snapshots (a standby) is read through the one connection.
     */
    public Iterator<LegacyUnit> units() {
        try {
            String snapshot = exportSnapshot();
            String[][] queries = {{"MASTER", MASTERS}, {"DISCOVERY", DISCOVERY_ROWS}, {"ASSESSMENT", ASSESSMENT_ROWS}, {"ASSETS", ASSET_ROWS}};
            for (String[] query : queries) {
                Connection cursorConnection = snapshot == null ? connection : snapshotConnection(snapshot);
                cursors.add(new Cursor(LegacyTable.valueOf(query[0]), query[1], cursorConnection));
            }
            return new Units(cursors.get(0), cursors.get(1), cursors.get(2), cursors.get(3));
        } catch (SQLException e) {
            throw MigrationFailure.source("cannot read the source " + description + ": " + Jdbc.message(e), e);
        }
    }

    private static void beginSnapshot(Connection connection) throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
    }

    private String exportSnapshot() {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            return null;
        }
    }

    private Connection snapshotConnection(String snapshot) throws SQLException {
        Connection cursorConnection = Jdbc.connect(url, user, password);
        cursorConnections.add(cursorConnection);
        beginSnapshot(cursorConnection);
        try (Statement statement = cursorConnection.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
        return cursorConnection;
    }

    @Override
    public void close() {
        cursors.forEach(Cursor::close);
        cursorConnections.forEach(LegacySource::closeQuietly);
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to do
        }
    }

    private void checkSchema() throws SQLException {
        Map<String, Set<String>> columnsByTable = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = ANY (current_schemas(false)) AND table_name = ANY (?)""")) {
            Array names = connection.createArrayOf("text", Stream.of(LegacyTable.values()).map(LegacyTable::tableName).toArray());
            query.setArray(1, names);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    columnsByTable.computeIfAbsent(result.getString(1), table -> new TreeSet<>()).add(result.getString(2));
                }
            }
        }
        List<String> missingTables = Stream.of(LegacyTable.values()).map(LegacyTable::tableName)
                .filter(table -> !columnsByTable.containsKey(table)).toList();
        if (missingTables.size() == LegacyTable.values().length) {
            throw MigrationFailure.source("the source " + description + " is not the legacy schema: it has none of the tables "
                    + String.join(", ", missingTables), null);
        }
        if (!missingTables.isEmpty()) {
            throw MigrationFailure.source("the source " + description + " has no table " + String.join(", ", missingTables)
                    + ": every legacy table must be there, even empty, for the run to account for all rows", null);
        }
        for (LegacyTable table : LegacyTable.values()) {
            List<String> missingColumns = table.requiredColumns().stream()
                    .filter(column -> !columnsByTable.get(table.tableName()).contains(column)).toList();
            if (!missingColumns.isEmpty()) {
                throw MigrationFailure.source("the source " + description + " is not the legacy schema: table " + table
                        + " has no column " + String.join(", ", missingColumns), null);
            }
        }
    }

    /**
     * One streamed, ordered query, read ahead by a thread of its own in chunks; its current row is looked at before
     * it is taken.
     */
    private final class Cursor implements AutoCloseable {

        private static final int CHUNK = 500;
        private static final List<Fetched> END = new ArrayList<>();

        private final LegacyTable table;
        private final BlockingQueue<List<Fetched>> chunks = new ArrayBlockingQueue<>(16);
        private final Thread reader;
        private volatile RuntimeException failure;
        private List<Fetched> chunk = List.of();
        private int position;
        private LegacyRow row;
        private String unit;
        private String discoveryId;

        /** A row with the columns the query adds to find its unit. */
        private record Fetched(LegacyRow row, String unit, String discoveryId) {
        }

        Cursor(LegacyTable table, String sql, Connection connection) {
            this.table = table;
            this.reader = new Thread(() -> read(sql, connection), "legacy-" + table);
            reader.setDaemon(true);
            reader.start();
            advance();
        }

        boolean hasRow() {
            return row != null;
        }

        LegacyRow take() {
            LegacyRow taken = row;
            advance();
            return taken;
        }

        private void advance() {
            if (position == chunk.size()) {
                try {
                    chunk = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw MigrationFailure.source("interrupted while reading table " + table, e);
                }
                position = 0;
                if (chunk == END) {
                    chunks.add(END);
                    if (failure != null) {
                        throw failure;
                    }
                    row = null;
                    unit = null;
                    discoveryId = null;
                    return;
                }
            }
            Fetched next = chunk.get(position++);
            row = next.row();
            unit = next.unit();
            discoveryId = next.discoveryId();
        }

        private void read(String sql, Connection connection) {
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet result = statement.executeQuery(sql)) {
                    ResultSetMetaData metaData = result.getMetaData();
                    int count = metaData.getColumnCount();
                    ColumnReader[] readers = new ColumnReader[count + 1];
                    String[] names = new String[count + 1];
                    int unitColumn = 0;
                    int discoveryColumn = 0;
                    for (int index = 1; index <= count; index++) {
                        names[index] = metaData.getColumnLabel(index);
                        readers[index] = ColumnReader.of(metaData.getColumnTypeName(index));
                        unitColumn = UNIT.equals(names[index]) ? index : unitColumn;
                        discoveryColumn = DISCOVERY.equals(names[index]) ? index : discoveryColumn;
                    }
                    List<Fetched> fetched = new ArrayList<>(CHUNK);
                    while (result.next()) {
                        Map<String, Object> columns = new LinkedHashMap<>();
                        for (int index = 1; index <= count; index++) {
                            if (index != unitColumn && index != discoveryColumn) {
                                columns.put(names[index], readers[index].read(result, index));
                            }
                        }
                        fetched.add(new Fetched(new LegacyRow(table, columns), unitColumn == 0 ? null : result.getString(unitColumn),
                                discoveryColumn == 0 ? null : result.getString(discoveryColumn)));
                        if (fetched.size() == CHUNK) {
                            chunks.put(fetched);
                            fetched = new ArrayList<>(CHUNK);
                        }
                    }
                    if (!fetched.isEmpty()) {
                        chunks.put(fetched);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                failure = MigrationFailure.source("cannot read table " + table + " of the source " + description + ": "
                        + Jdbc.message(e), e);
            } catch (InterruptedException e) {
                return;
            }
            try {
                chunks.put(END);
            } catch (InterruptedException ignored) {
                // closed: nobody reads on
            }
        }

        @Override
        public void close() {
            reader.interrupt();
        }
    }

    /** The merge of the four ordered streams into units. */
    private static final class Units implements Iterator<LegacyUnit> {

        private final Cursor masters;
        private final Cursor discovery;
        private final Cursor assessment;
        private final Cursor assets;
        private LegacyUnit next;

        Units(Cursor masters, Cursor discovery, Cursor assessment, Cursor assets) {
            this.masters = masters;
            this.discovery = discovery;
            this.assessment = assessment;
            this.assets = assets;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = nextUnit();
            }
            return next != null;
        }

        @Override
        public LegacyUnit next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LegacyUnit unit = next;
            next = null;
            return unit;
        }

        private LegacyUnit nextUnit() {
            if (masters.hasRow()) {
                LegacyRow master = masters.take();
                String id = master.id();
                List<LegacyRow> discoveryRows = takeUnit(discovery, id);
                List<LegacyRow> assessmentRows = takeUnit(assessment, id);
                Map<String, List<LegacyRow>> assetsByDiscovery = new HashMap<>();
                while (assets.hasRow() && id.equals(assets.unit)) {
                    String discoveryId = assets.discoveryId;
                    assetsByDiscovery.computeIfAbsent(discoveryId, key -> new ArrayList<>()).add(assets.take());
                }
                requireOrder(assets, id);
                return new LegacyUnit(master, discoveryRows, assessmentRows, assetsByDiscovery, List.of());
            }
            if (discovery.hasRow()) {
                requireOrphan(discovery);
                LegacyRow orphan = discovery.take();
                List<LegacyRow> orphanAssets = new ArrayList<>();
                while (assets.hasRow() && assets.unit == null && orphan.id().equals(assets.discoveryId)) {
                    orphanAssets.add(assets.take());
                }
                return new LegacyUnit(null, List.of(orphan), List.of(), Map.of(orphan.id(), orphanAssets), List.of());
            }
            if (assessment.hasRow()) {
                requireOrphan(assessment);
                return new LegacyUnit(null, List.of(), List.of(assessment.take()), Map.of(), List.of());
            }
            if (assets.hasRow()) {
                requireOrphan(assets);
                if (assets.discoveryId != null) {
                    throw new IllegalStateException("asset " + assets.row.id() + " of discovery flow " + assets.discoveryId
                            + " was not read with that flow: the source's sort order is not the expected one");
                }
                List<LegacyRow> stray = new ArrayList<>();
                while (assets.hasRow() && stray.size() < STRAY_ASSETS_PER_UNIT) {
                    stray.add(assets.take());
                }
                return new LegacyUnit(null, List.of(), List.of(), Map.of(), stray);
            }
            return null;
        }

        private static List<LegacyRow> takeUnit(Cursor cursor, String unit) {
            List<LegacyRow> rows = new ArrayList<>(1);
            while (cursor.hasRow() && unit.equals(cursor.unit)) {
                rows.add(cursor.take());
            }
            requireOrder(cursor, unit);
            return rows;
        }

        // rows of a master that was passed already would be silently dropped: refuse rather than lose them
        private static void requireOrder(Cursor cursor, String unit) {
            if (cursor.hasRow() && cursor.unit != null && cursor.unit.compareTo(unit) < 0) {
                throw new IllegalStateException("row " + cursor.row + " of master " + cursor.unit
                        + " arrived after master " + unit + ": the source's sort order is not the expected one");
            }
        }

        private static void requireOrphan(Cursor cursor) {
            if (cursor.unit != null) {
                throw new IllegalStateException("row " + cursor.row + " of master " + cursor.unit
                        + " arrived after every master: the source's sort order is not the expected one");
            }
        }
    }

    /** How a column of a given PostgreSQL type becomes a value of a {@link LegacyRow}. */
    @FunctionalInterface
    private interface ColumnReader {

        Object read(ResultSet result, int index) throws SQLException;

        static ColumnReader of(String typeName) {
            return switch (Objects.requireNonNullElse(typeName, "").toLowerCase()) {
                case "json", "jsonb" -> (result, index) -> parseJson(result.getString(index));
                case "timestamptz" -> (result, index) -> {
                    OffsetDateTime value = result.getObject(index, OffsetDateTime.class);
                    return value == null ? null : value.toInstant();
                };
                // a timestamp without zone: the legacy services wrote UTC
                case "timestamp" -> (result, index) -> {
                    LocalDateTime value = result.getObject(index, LocalDateTime.class);
                    return value == null ? null : value.toInstant(ZoneOffset.UTC);
                };
                case "bool" -> (result, index) -> {
                    boolean value = result.getBoolean(index);
                    return result.wasNull() ? null : value;
                };
                case "int2", "int4" -> (result, index) -> {
                    int value = result.getInt(index);
                    return result.wasNull() ? null : value;
                };
                case "int8" -> (result, index) -> {
                    long value = result.getLong(index);
                    return result.wasNull() ? null : value;
                };
                case "float4", "float8" -> (result, index) -> {
                    double value = result.getDouble(index);
                    return result.wasNull() ? null : value;
                };
                case "numeric" -> ResultSet::getBigDecimal;
                default -> ResultSet::getString;
            };
        }

        private static Object parseJson(String text) {
            if (text == null) {
                return null;
            }
            try {
                return JSON.readValue(text, Object.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable JSON in a legacy column: " + e.getMessage(), e);
            }
        }
    }
}
