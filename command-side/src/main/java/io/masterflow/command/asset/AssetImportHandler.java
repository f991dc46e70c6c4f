package io.masterflow.command.asset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.command.inventory.InventoryFormat;
import io.masterflow.command.inventory.InventoryRows;
import io.masterflow.command.inventory.InventoryStore;
import io.masterflow.command.inventory.StoredInventory;
import io.masterflow.command.task.PhaseHandler;
import io.masterflow.command.task.PhaseOutcome;
import io.masterflow.command.task.PhaseWork;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.EventSerialization;
import io.masterflow.limits.Limits;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@value #NAME}: reads an inventory of the client's estate from the phase input and reports each valid row as a
 * discovered asset; every other row is reported in the phase output with its line and why, never dropped.
 *
 * <p>Input: {@code inventoryRef}, the reference of an inventory in the {@link InventoryStore} (its format is the one it
 * was stored as), read from the store as it is imported: CSV record by record, JSON with the streaming parser, so that
 * only the row being read and what the import makes of each row are held. Or {@code inventory} inline (only from a
 * command sent in-process: the API stores an inline inventory on the way in), either CSV text or a JSON array of
 * objects, and optionally {@code format} ({@code csv} or {@code json}; by default CSV for text, JSON for an array).
 * Either way no more rows are read than the flow's account may import ({@code masterflow.limits.inventory-rows}): one
 * more fails the phase for good, and nothing of the inventory is reported. Each row
 * needs {@code name} and {@code kind}; {@code asset_id} is optional (without it the id derives from flow, kind and
 * name, so a retry finds the same ids); every other column becomes an attribute. Without an inventory the phase
 * waits, as before this handler existed, for its outcome to be reported through the command API. For JSON the "line" of a row is its
 * position in the array, from 1. Output: {@code rows}, {@code imported}, {@code rejected} (always
 * {@code rows = imported + rejected}), {@code errors} [{line, error}], plus the input's {@code source}.
 */
@Component
public class AssetImportHandler implements PhaseHandler {

    public static final String NAME = "asset-import";
    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9._:/@-]{1,255}");
    private static final int LONGEST_NAME = 1000;
    private static final int LONGEST_KIND = 100;

    private final InventoryStore inventories;
    private final Limits limits;

    public AssetImportHandler(InventoryStore inventories, Limits limits) {
        this.inventories = inventories;
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PhaseOutcome handle(PhaseWork work) throws IOException {
        Object inventory = work.input().get(InventoryRows.FIELD);
        Object reference = work.input().get(InventoryRows.REFERENCE_FIELD);
        if (inventory == null && reference == null) {
            // the inventory is imported elsewhere (as before this handler existed): its outcome comes through the API
            return PhaseOutcome.awaiting("the import to be reported through the command API");
        }
        long mostRows = limits.of(work.account()).inventoryRows();
        Import result = new Import(work.flowId().toString(), mostRows);
        String format = null;
        String problem;
        try {
            if (reference != null) {
                Optional<StoredInventory> stored = inventories.find(work.account(), String.valueOf(reference));
                if (stored.isEmpty()) {
                    return PhaseOutcome.failed("no inventory '" + reference + "' is stored in the flow's account", false);
                }
                format = stored.get().format().code();
                try (InputStream bytes = inventories.open(stored.get())) {
                    problem = stored.get().format() == InventoryFormat.CSV
                            ? readCsv(new InputStreamReader(bytes, StandardCharsets.UTF_8), result)
                            : readJson(bytes, result);
                }
            } else {
                // given inline to a flow directly (not through the API, which stores it on the way in)
                format = String.valueOf(work.input().getOrDefault("format", inventory instanceof String ? "csv" : "json"))
                        .toLowerCase(Locale.ROOT);
                if (format.equals("csv") && inventory instanceof String csv) {
                    problem = readCsv(new StringReader(csv), result);
                } else if (format.equals("json") && inventory instanceof List<?> rows) {
                    for (int index = 0; index < rows.size(); index++) {
                        result.addJsonRow(index + 1, rows.get(index));
                    }
                    problem = null;
                } else {
                    problem = "'inventory' must be CSV text (format csv) or an array of objects (format json); got "
                            + (inventory instanceof String ? "text" : inventory.getClass().getSimpleName()) + " with format '" + format + "'";
                }
            }
        } catch (TooManyRows tooMany) {
            problem = "the inventory has more than " + mostRows + " rows, the most this account may import in one "
                    + "(masterflow.limits.inventory-rows); nothing of it was imported";
        }
        if (problem != null) {
            return PhaseOutcome.failed(problem, false);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        if (work.input().containsKey("source")) {
            output.put("source", work.input().get("source"));
        }
        output.put("format", format);
        output.put("rows", result.rows);
        output.put("imported", result.assets.size());
        output.put("rejected", result.errors.size());
        output.put("errors", result.errors);
        return PhaseOutcome.completed(output, result.assets);
    }

    /** @return why the inventory as a whole cannot be read, or null */
    private static String readCsv(Reader csv, Import result) throws IOException {
        List<String>[] header = new List[1];
        String[] problem = new String[1];
        CsvRecords.read(csv, row -> {
            if (problem[0] != null) {
                return;
            }
            if (header[0] == null) {
                if (row.problem() != null) {
                    problem[0] = "the inventory's header line cannot be read: " + row.problem();
                    return;
                }
                List<String> names = row.fields().stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
                if (!names.contains("name") || !names.contains("kind")) {
                    problem[0] = "the inventory's header line must name the columns 'name' and 'kind'; it has " + names;
                    return;
                }
                header[0] = names;
                return;
            }
            if (row.problem() != null) {
                result.reject(row.line(), "cannot be read: " + row.problem());
            } else if (row.fields().size() != header[0].size()) {
                result.reject(row.line(), "has " + row.fields().size() + " fields where the header has " + header[0].size());
            } else {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int column = 0; column < header[0].size(); column++) {
                    fields.put(header[0].get(column), row.fields().get(column));
                }
                result.add(row.line(), fields);
            }
        });
        if (problem[0] == null && header[0] == null) {
            return "the inventory is empty: it needs a header line naming at least 'name' and 'kind'";
        }
        return problem[0];
    }

    /** Reads a JSON array element by element with Jackson's streaming parser. @return why it cannot be read, or null */
    private static String readJson(InputStream json, Import result) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return "a JSON inventory must be an array of objects";
            }
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return "the inventory's JSON array is never closed";
                }
                result.addJsonRow(++index, parser.readValueAs(Object.class));
            }
            return null;
        } catch (JsonProcessingException malformed) {
            return "the inventory is not valid JSON: " + malformed.getOriginalMessage();
        }
    }

    /** More rows than the account may import: the import stops there. */
    private static final class TooManyRows extends RuntimeException {

        TooManyRows() {
            super(null, null, false, false);
        }
    }

    /** The rows seen so far: each one is an asset or an error. */
    private static final class Import {

        private final String flowId;
        private final long mostRows;
        private final List<DiscoveredAsset> assets = new ArrayList<>();
        private final List<Map<String, Object>> errors = new ArrayList<>();
        private final Map<String, Integer> lineOfAssetId = new HashMap<>();
        private int rows;

        Import(String flowId, long mostRows) {
            this.flowId = flowId;
            this.mostRows = mostRows;
        }

        void addJsonRow(int line, Object row) {
            if (row instanceof Map<?, ?> object) {
                Map<String, Object> fields = new LinkedHashMap<>();
                object.forEach((key, value) -> fields.put(String.valueOf(key), value));
                add(line, fields);
            } else {
                reject(line, "a row must be an object, not " + row);
            }
        }

        void reject(int line, String error) {
            counted();
            errors.add(Map.of("line", line, "error", error));
        }

        private void counted() {
            if (rows == mostRows) {
                throw new TooManyRows();
            }
            rows++;
        }

        void add(int line, Map<String, Object> fields) {
            String name = text(fields.remove("name"));
            String kind = text(fields.remove("kind"));
            String givenId = text(fields.remove("asset_id"));
            if (name.isEmpty()) {
                reject(line, "'name' is missing");
                return;
            }
            if (name.length() > LONGEST_NAME) {
                reject(line, "'name' is longer than " + LONGEST_NAME + " characters");
                return;
            }
            if (kind.isEmpty()) {
                reject(line, "'kind' is missing");
                return;
            }
            if (kind.length() > LONGEST_KIND) {
                reject(line, "'kind' is longer than " + LONGEST_KIND + " characters");
                return;
            }
            if (!givenId.isEmpty() && !ASSET_ID.matcher(givenId).matches()) {
                reject(line, "'asset_id' must be 1 to 255 letters, digits or . _ : / @ -");
                return;
            }
            String assetId = givenId.isEmpty()
                    ? UUID.nameUUIDFromBytes((flowId + "/" + kind.toLowerCase(Locale.ROOT) + "/" + name).getBytes(StandardCharsets.UTF_8)).toString()
                    : givenId;
            Integer earlier = lineOfAssetId.putIfAbsent(assetId, line);
            if (earlier != null) {
                reject(line, "the same asset as line " + earlier + (givenId.isEmpty() ? " (same kind and name)" : " (same asset_id)"));
                return;
            }
            counted();
            Map<String, Object> attributes = new LinkedHashMap<>();
            fields.forEach((key, value) -> {
                if (value != null && !(value instanceof String blank && blank.isBlank())) {
                    attributes.put(key, value);
                }
            });
            attributes.put("line", line);
            assets.add(new DiscoveredAsset(assetId, name, kind.toLowerCase(Locale.ROOT), attributes));
        }

        private static String text(Object value) {
            return value == null ? "" : String.valueOf(value).strip();
        }
    }
}
