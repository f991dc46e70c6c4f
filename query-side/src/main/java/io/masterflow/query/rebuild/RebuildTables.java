package io.masterflow.query.rebuild;

import io.masterflow.query.axon.QueryProcessors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The DDL of a rebuild, on the live pool: copies of a projection's tables in a schema of the rebuild's own, and the
 * switch that puts them in place of the live ones in one transaction.
 * <p>
 * The copies keep the live tables' names, columns, defaults, checks, identity columns, primary and unique keys,
 * foreign keys between the projection's tables and every index, under the same names: after a switch the schema
 * is the one the migrations made, and a later migration that names an index still finds it. A column taking its
 * default from a sequence (serial) is refused: the copy would share the live table's sequence and the switch
 * would drop it with the live table; identity columns get a sequence of their own. Triggers are not copied: they
 * are put on the new tables at the switch.
 * <p>
 * The replay writes into unlogged copies with their keys only ({@link #create}); once it has caught up, the copies
 * become logged and get their foreign keys and other indexes ({@link #complete}), before the switch.
 */
final class RebuildTables {

    private static final Logger log = LoggerFactory.getLogger(RebuildTables.class);

    /** The storage parameters that keep autovacuum off a copy while the replay fills it. */
    private static final List<String> AUTOVACUUM = List.of("autovacuum_enabled", "toast.autovacuum_enabled");

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transaction;

    RebuildTables(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.transaction = transaction;
    }

    /** The schema holding the live read models: the first one of the live pool's search path. */
    String liveSchema() {
        return jdbc.queryForObject("SELECT current_schema()", String.class);
    }

    /**
     * Drops whatever an earlier, interrupted rebuild left, then copies the tables (empty, unlogged) into
     * {@code schema} with their primary and unique keys only: what the projection's upserts need.
     */
    void create(String schema, String live, List<String> tables) {
        transaction.executeWithoutResult(status -> {
            MapSqlParameterSource where = where(live, tables);
            refuseSequenceDefaults(where);
            List<Map<String, Object>> keys = constraints(where, "'p', 'u'");
            jdbc.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            jdbc.execute("CREATE SCHEMA " + quote(schema));
            for (String table : tables) {
                // unlogged: the replay's rows cost no WAL; a crash empties the copies, and a rebuild interrupted
                // that way is never resumed (the next one drops what it left). No autovacuum while they fill: a
                // vacuum or analyze of a table growing by thousands of rows a second is stale when it ends, and
                // SET LOGGED rewrites the table without its dead rows anyway (complete() analyzes it once)
                jdbc.execute("CREATE UNLOGGED TABLE " + qualified(schema, table) + " (LIKE " + qualified(live, table)
                        + " INCLUDING ALL EXCLUDING INDEXES) WITH ("
                        + AUTOVACUUM.stream().map(option -> option + " = false").collect(Collectors.joining(", ")) + ")");
            }
            addConstraints(schema, keys);
        });
    }

    /**
     * Makes the copies what the live tables are, once the replay has caught up: logged, with their foreign keys and
     * every other index, built from the rows in one pass each rather than maintained row by row during the replay,
     * autovacuum back on and analyzed.
     * The rebuild's writes wait meanwhile; the live tables are not touched.
     */
    void complete(String schema, String live, List<String> tables) {
        transaction.executeWithoutResult(status -> {
            MapSqlParameterSource where = where(live, tables);
            List<Map<String, Object>> foreignKeys = constraints(where, "'f'");
            // definitions are printed before the search path changes, so the names in them resolve as they do live
            List<Map<String, Object>> indexes = named.queryForList("""
                    SELECT t.relname AS table_name, format('%I.%I', n.nspname, t.relname) AS qualified,
                           pg_get_indexdef(i.indexrelid) AS definition
                    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = :schema AND t.relname IN (:tables)
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                      WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
                    ORDER BY t.relname""", where);
            String searchPath = jdbc.queryForObject("SHOW search_path", String.class);
            // referenced tables first (the projection names them first): a logged table may not refer to an unlogged one
            for (String table : tables) {
                ddl("ALTER TABLE " + qualified(schema, table) + " SET LOGGED");
            }
            // a foreign key to one of the projection's tables now finds its copy; to any other table, the live one
            ddl("SET LOCAL search_path TO " + quote(schema) + ", " + searchPath);
            addConstraints(schema, foreignKeys);
            for (Map<String, Object> index : indexes) {
                String table = (String) index.get("table_name");
                String definition = (String) index.get("definition");
                String on = " ON " + index.get("qualified") + " ";
                if (!definition.contains(on)) {
                    throw new IllegalStateException("cannot copy index " + definition + ": its table is not named as expected");
                }
                ddl(definition.replace(on, " ON " + qualified(schema, table) + " "));
            }
            // switched in with autovacuum as any table has it and with column statistics, which the planner would
            // otherwise lack until autovacuum's next round got to a table of a million new rows
            for (String table : tables) {
                ddl("ALTER TABLE " + qualified(schema, table) + " RESET (" + String.join(", ", AUTOVACUUM) + ")");
                ddl("ANALYZE " + qualified(schema, table));
            }
        });
    }

    /** The global index a stored tracking token stands at (GapAwareTrackingToken, stored as JSON); null for others. */
    private static final String INDEX = "CASE WHEN token IS NOT NULL THEN (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint END";

    /**
     * Puts the copies in place of the live tables in one transaction (a query sees the old tables or the new ones,
     * never neither) and forgets the rebuild's tokens, unless a live segment's token is ahead of {@code replayed}, the
     * position every segment of the (stopped) rebuild has passed: then nothing changes and the answer is false. The live tables are locked
     * before the tokens are read, so a processor of another node either committed its batch before (and its token
     * is compared) or finds the new tables after. The live tokens are not touched: the live processor carries other
     * projections too, and the rebuild holds every event they cover.
     *
     * @return whether the copies took the live tables' place
     */
    boolean switchOver(String schema, String live, List<String> tables, String liveProcessor, String rebuildProcessor,
                       long replayed) {
        Boolean switched = transaction.execute(status -> {
            List<String> triggers = named.queryForList("""
                    SELECT pg_get_triggerdef(g.oid)
                    FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = :schema AND t.relname IN (:tables) AND NOT g.tgisinternal
                    ORDER BY t.relname, g.tgname""", where(live, tables),
                    String.class);
            jdbc.execute("LOCK TABLE " + tables.stream().map(table -> qualified(live, table)).collect(Collectors.joining(", "))
                    + " IN ACCESS EXCLUSIVE MODE");
            String tokens = qualified(live, QueryProcessors.TOKEN_TABLE);
            boolean eventTable = eventTable();
            Integer ahead = jdbc.queryForObject("WITH live AS (SELECT " + INDEX + " AS position FROM " + tokens
                            + " WHERE processorname = ? FOR UPDATE)"
                            + " SELECT count(*) FROM live WHERE live.position > ?"
                            // a live token may stand beyond the head of the store: the events it passed last were
                            // deleted since (archived, or a migration rolled back), and no replay can pass them
                            + (eventTable ? " AND EXISTS (SELECT 1 FROM domainevententry e WHERE e.globalindex > ?"
                            + " AND e.globalindex <= live.position)" : ""),
                    Integer.class, eventTable ? new Object[] {liveProcessor, replayed, replayed} : new Object[] {liveProcessor, replayed});
            if (ahead == null || ahead > 0) {
                status.setRollbackOnly();
                return false;
            }
            jdbc.execute("DROP TABLE " + tables.stream().map(table -> qualified(live, table)).collect(Collectors.joining(", ")));
            for (String table : tables) {
                jdbc.execute("ALTER TABLE " + qualified(schema, table) + " SET SCHEMA " + quote(live));
            }
            // the live tables' triggers (the live stream's change log) move to the new tables only now: on the
            // copies they would have logged every row the replay wrote as a change
            triggers.forEach(jdbc::execute);
            jdbc.update("DELETE FROM " + tokens + " WHERE processorname = ?", rebuildProcessor);
            jdbc.execute("DROP SCHEMA " + quote(schema));
            return true;
        });
        return Boolean.TRUE.equals(switched);
    }

    /** Whether the events are in this database's event store (not in Axon Server, whose tokens hold no index here). */
    private boolean eventTable() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass('domainevententry') IS NOT NULL", Boolean.class));
    }

    /** Forgets a rebuild: its copies and its tokens. */
    void discard(String schema, String live, String rebuildProcessor) {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            jdbc.update("DELETE FROM " + qualified(live, QueryProcessors.TOKEN_TABLE) + " WHERE processorname = ?",
                    rebuildProcessor);
        });
    }

    private static MapSqlParameterSource where(String live, List<String> tables) {
        return new MapSqlParameterSource("schema", live).addValue("tables", tables);
    }

    /** The live tables' constraints of the given types ({@code pg_constraint.contype} literals), keys before foreign keys. */
    private List<Map<String, Object>> constraints(MapSqlParameterSource where, String types) {
        return named.queryForList("""
                SELECT t.relname AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = :schema AND t.relname IN (:tables) AND c.contype IN (%s)
                ORDER BY c.contype = 'f', t.relname, c.conname""".formatted(types), where);
    }

    private void addConstraints(String schema, List<Map<String, Object>> constraints) {
        for (Map<String, Object> constraint : constraints) {
            ddl("ALTER TABLE " + qualified(schema, (String) constraint.get("table_name")) + " ADD CONSTRAINT "
                    + quote((String) constraint.get("name")) + " " + constraint.get("definition"));
        }
    }

    /** A step of a rebuild's DDL, timed: the log at debug level says where the steps before a switch take their time. */
    private void ddl(String statement) {
        long began = System.nanoTime();
        jdbc.execute(statement);
        log.debug("{} ms: {}", (System.nanoTime() - began) / 1_000_000, statement);
    }

    private void refuseSequenceDefaults(MapSqlParameterSource where) {
        List<String> columns = named.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = :schema AND table_name IN (:tables) AND column_default LIKE 'nextval(%'""",
                where, String.class);
        if (!columns.isEmpty()) {
            throw new IllegalStateException("cannot rebuild " + columns + ": a column defaulting to a sequence "
                    + "would share it with the live table; make it an identity column");
        }
    }

    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
