package io.masterflow.command.asset;

import io.masterflow.command.inventory.InventoryRows;
import io.masterflow.command.task.PhaseHandler;
import io.masterflow.command.task.PhaseOutcome;
import io.masterflow.command.task.PhaseWork;
import io.masterflow.events.DiscoveredAsset;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@value #NAME}: reads an inventory of the client's estate from the phase input and reports each valid row as a
 * discovered asset; every other row is reported in the phase output with its line and why, never dropped.
 *
 * <p>Input: {@code inventory}, either CSV text (a header line, then one asset per record) or a JSON array of objects,
 * and optionally {@code format} ({@code csv} or {@code json}; by default CSV for text, JSON for an array). Each row
 * needs {@code name} and {@code kind}; {@code asset_id} is optional (without it the id derives from flow, kind and
 * name, so a retry finds the same ids); every other column becomes an attribute. Without {@code inventory} the phase
 * waits, as before this handler existed, for its outcome to be reported through the command API. For JSON the "line" of a row is its
 * position in the array, from 1. Output: {@code rows}, {@code imported}, {@code rejected} (always
 * {@code rows = imported + rejected}), {@code errors} [{line, error}], plus the input's {@code source}.
 */
@Component
public class AssetImportHandler implements PhaseHandler {

    public static final String NAME = "asset-import";

    private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9._:/@-]{1,255}");
    private static final int LONGEST_NAME = 1000;
    private static final int LONGEST_KIND = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PhaseOutcome handle(PhaseWork work) {
        Object inventory = work.input().get(InventoryRows.FIELD);
        String format = String.valueOf(work.input().getOrDefault("format", inventory instanceof String ? "csv" : "json"))
                .toLowerCase(Locale.ROOT);
        Import result = new Import(work.flowId().toString());
        if (inventory == null) {
            // the inventory is imported elsewhere (as before this handler existed): its outcome comes through the API
            return PhaseOutcome.awaiting("the import to be reported through the command API");
        }
        if (format.equals("csv") && inventory instanceof String csv) {
            String problem = readCsv(csv, result);
            if (problem != null) {
                return PhaseOutcome.failed(problem, false);
            }
        } else if (format.equals("json") && inventory instanceof List<?> rows) {
            for (int index = 0; index < rows.size(); index++) {
                if (rows.get(index) instanceof Map<?, ?> row) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    row.forEach((key, value) -> fields.put(String.valueOf(key), value));
                    result.add(index + 1, fields);
                } else {
                    result.reject(index + 1, "a row must be an object, not " + rows.get(index));
                }
            }
        } else {
            return PhaseOutcome.failed("'inventory' must be CSV text (format csv) or an array of objects (format json); got "
                    + (inventory instanceof String ? "text" : inventory.getClass().getSimpleName()) + " with format '" + format + "'", false);
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
    private static String readCsv(String csv, Import result) {
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

    /** The rows seen so far: each one is an asset or an error. */
    private static final class Import {

        private final String flowId;
        private final List<DiscoveredAsset> assets = new ArrayList<>();
        private final List<Map<String, Object>> errors = new ArrayList<>();
        private final Map<String, Integer> lineOfAssetId = new HashMap<>();
        private int rows;

        Import(String flowId) {
            this.flowId = flowId;
        }

        void reject(int line, String error) {
            rows++;
            errors.add(Map.of("line", line, "error", error));
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
            rows++;
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
