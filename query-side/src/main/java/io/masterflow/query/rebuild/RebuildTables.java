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
    private static final String INDEX = "CASE WHEN %1$s IS NOT NULL THEN (convert_from(%1$s, 'UTF8')::jsonb ->> 'index')::bigint END";

    /**
     * Puts the copies in place of the live tables and hands the rebuild's tokens to the live processor's
     * {@code liveSegments} segments (a multiple of the rebuild's, see {@link ProjectionRebuild.Settings}), in one
     * transaction: a query sees the old tables or the new ones, never neither. The tokens are claimed for this node
     * so that a processor of another node still working on the old tables cannot store its token over them: its
     * next write is refused and its batch rolls back.
     */
    void switchOver(String schema, String live, List<String> tables, String liveProcessor, String rebuildProcessor,
                    String node, int liveSegments) {
        transaction.executeWithoutResult(status -> {
            List<String> triggers = named.queryForList("""
                    SELECT pg_get_triggerdef(g.oid)
                    FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = :schema AND t.relname IN (:tables) AND NOT g.tgisinternal
                    ORDER BY t.relname, g.tgname""", where(live, tables),
                    String.class);
            jdbc.execute("DROP TABLE " + tables.stream().map(table -> qualified(live, table)).collect(Collectors.joining(", ")));
            for (String table : tables) {
                jdbc.execute("ALTER TABLE " + qualified(schema, table) + " SET SCHEMA " + quote(live));
            }
            // the live tables' triggers (the live stream's change log) move to the new tables only now: on the
            // copies they would have logged every row the replay wrote as a change
            triggers.forEach(jdbc::execute);
            String tokens = qualified(live, QueryProcessors.TOKEN_TABLE);
            // live segment k gets the token of the rebuild's segment k % (its segment count): that one had its flows;
            // unless the live segment had gone further. The rebuild stops at the head of the store as it is now, and
            // events the live processor passed beyond it were deleted since (archived, or rolled back): this node's
            // event store may still hold them in memory, and the live processor must not read them again.
            int moved = jdbc.update("WITH before AS (DELETE FROM " + tokens + " WHERE processorname = ?"
                            + " RETURNING segment, token, tokentype)"
                            + " INSERT INTO " + tokens + " (processorname, segment, token, tokentype, timestamp, owner)"
                            + " SELECT ?, live.segment, CASE WHEN before.tokentype = r.tokentype"
                            + " AND " + INDEX.formatted("before.token") + " > " + INDEX.formatted("r.token")
                            + " THEN before.token ELSE r.token END, r.tokentype, r.timestamp, ? FROM " + tokens + " r"
                            + " JOIN generate_series(0, ? - 1) AS live(segment)"
                            + " ON live.segment % (SELECT count(*) FROM " + tokens + " WHERE processorname = ?) = r.segment"
                            + " LEFT JOIN before ON before.segment = live.segment"
                            + " WHERE r.processorname = ?",
                    liveProcessor, liveProcessor, node, liveSegments, rebuildProcessor, rebuildProcessor);
            if (moved != liveSegments) {
                throw new IllegalStateException("the rebuild " + rebuildProcessor + " has " + moved + " of " + liveSegments
                        + " tokens to hand over");
            }
            jdbc.update("DELETE FROM " + tokens + " WHERE processorname = ?", rebuildProcessor);
            jdbc.execute("DROP SCHEMA " + quote(schema));
        });
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
