package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The median of several runs: reads their JSON lines (other lines are skipped) and prints a comparison. */
final class RunSummary {

    /** Figure name -> JSON pointer into a run's line. */
    static final Map<String, String> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("commandsPerSecond", "/api/commandsPerSecond");
        FIGURES.put("flowsPerSecond", "/api/flowsPerSecond");
        FIGURES.put("createP99Ms", "/api/operations/create/p99Ms");
        FIGURES.put("executeP99Ms", "/api/operations/execute/p99Ms");
        FIGURES.put("completeP99Ms", "/api/operations/complete/p99Ms");
        FIGURES.put("allP99Ms", "/api/operations/all/p99Ms");
        FIGURES.put("createP50Ms", "/api/operations/create/p50Ms");
        FIGURES.put("serverCpuMsPerCommand", "/api/perCommand/serverCpuMs");
        FIGURES.put("otherCpuPercent", "/api/cpu/otherPercent");
        FIGURES.put("pgCommitsPerSecond", "/postgresCeiling/commitsPerSecond");
        FIGURES.put("pgP99Ms", "/postgresCeiling/p99Ms");
        FIGURES.put("ratio", "/ratio");
    }

    private RunSummary() {
    }

    static List<JsonNode> read(List<String> files) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> runs = new ArrayList<>();
        for (String file : files) {
            List<String> lines;
            if (file.equals("-")) {
                lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
            } else {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            }
            for (String line : lines) {
                String trimmed = line.trim();
                if (trimmed.startsWith("{") && trimmed.contains(Report.JSON_SCHEMA)) {
                    runs.add(mapper.readTree(trimmed));
                }
            }
        }
        return runs;
    }

    static Map<String, Double> medians(List<JsonNode> runs) {
        Map<String, Double> medians = new LinkedHashMap<>();
        FIGURES.forEach((name, pointer) -> medians.put(name, Percentiles.median(values(runs, pointer))));
        return medians;
    }

    private static double[] values(List<JsonNode> runs, String pointer) {
        return runs.stream().map(run -> run.at(pointer))
                .mapToDouble(node -> node.isNumber() ? node.asDouble() : Double.NaN).toArray();
    }

    static void print(List<JsonNode> runs, PrintStream out) {
        Map<String, Double> medians = medians(runs);
        long errors = runs.stream().mapToLong(run -> run.at("/api/errors").asLong()).sum();
        out.println();
        out.printf("median of %d runs%n", runs.size());
        out.printf("  %-20s", "");
        for (int i = 0; i < runs.size(); i++) {
            out.printf(" %10s", "run " + (i + 1));
        }
        out.printf(" %10s%n", "median");
        FIGURES.forEach((name, pointer) -> {
            out.printf("  %-20s", name);
            for (double v : values(runs, pointer)) {
                out.printf(" %10s", format(v));
            }
            out.printf(" %10s%n", format(medians.get(name)));
        });
        out.printf("  %-20s %d (all runs)%n", "errors", errors);
        if (!runs.isEmpty()) {
            JsonNode pg = runs.get(0).path("postgres");
            out.printf("  PostgreSQL fsync=%s synchronous_commit=%s; %s clients, %s s measured per run%n",
                    pg.path("fsync").asText("?"), pg.path("synchronousCommit").asText("?"),
                    runs.get(0).path("clients").asText(), runs.get(0).path("durationSeconds").asText());
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode summary = mapper.createObjectNode();
        summary.put("schema", Report.JSON_SCHEMA + "/median");
        summary.put("runs", runs.size());
        summary.put("errors", errors);
        ObjectNode median = summary.putObject("median");
        medians.forEach((name, value) -> Report.number(median, name, value, name.equals("ratio") ? 4 : 3));
        out.println();
        out.println(summary);
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.3f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
