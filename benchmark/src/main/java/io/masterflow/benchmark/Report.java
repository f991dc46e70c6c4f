package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The outcome of a run: a block of text for people, then one line of JSON for comparing runs. */
final class Report {

    static final String JSON_SCHEMA = "masterflow-command-api-benchmark/1";

    private final Options options;
    private final Instant startedAt;
    private final Map<String, String> settings;
    private final CommandLoad.Result api;
    private final PostgresCeiling.Result ceiling;

    Report(Options options, Instant startedAt, Map<String, String> settings, CommandLoad.Result api,
           PostgresCeiling.Result ceiling) {
        this.options = options;
        this.startedAt = startedAt;
        this.settings = settings;
        this.api = api;
        this.ceiling = ceiling;
    }

    double ratio() {
        return ceiling == null || ceiling.perSecond() <= 0 ? Double.NaN : api.commandsPerSecond() / ceiling.perSecond();
    }

    void printText(PrintStream out) {
        out.println();
        out.println("masterflow command API benchmark");
        out.printf("  target        %s  (%d clients, warmup %s, measured %s)%n", options.url(),
                options.clients(), seconds(options.warmup().toMillis()), seconds(options.duration().toMillis()));
        if (settings != null) {
            out.printf("  PostgreSQL    %s  fsync=%s  synchronous_commit=%s  wal_sync_method=%s  full_page_writes=%s"
                            + "  commit_delay=%s%n", settings.get("server_version"), settings.get("fsync"),
                    settings.get("synchronous_commit"), settings.get("wal_sync_method"), settings.get("full_page_writes"),
                    settings.get("commit_delay"));
            out.println("                (read from the server the API writes to; the ceiling below ran on it too)");
            if (!"on".equals(settings.get("fsync")) || "off".equals(settings.get("synchronous_commit"))) {
                out.println("  WARNING       commits are not durable with these settings: the figures are not those of"
                        + " a durable deployment");
            }
        } else {
            out.println("  PostgreSQL    unknown (no --data-dir or --jdbc-url): durability settings and ceiling not measured");
        }

        out.println();
        out.println("command API (create a planning flow, then execute + complete its 3 phases: 7 commands a flow)");
        out.printf("  commands/s    %.1f   (%d commands in %s)%n", api.commandsPerSecond(), api.commands(),
                seconds(options.duration().toMillis()));
        out.printf("  flows/s       %.1f   (%d flows completed)%n", api.flowsPerSecond(), api.flows());
        out.printf("  errors        %d   (non-2xx or no answer; during warmup: %d)%n", api.errorCount(), api.warmupErrors());
        out.println("  operation        count    p50 ms    p95 ms    p99 ms    max ms   mean ms   errors");
        for (Operation operation : Operation.values()) {
            row(out, operation.label, api.operations().get(operation), api.errors().get(operation));
        }
        row(out, "all", api.all(), api.errorCount());
        if (api.counters() != null && api.commands() > 0) {
            Database.Counters c = api.counters();
            double n = api.commands();
            out.printf("  per command   %.2f DB commits, %s WAL flushes, %.2f rows inserted, %.1f rows read, %s of WAL"
                            + "  (whole PostgreSQL server, approximate)%n", c.commits() / n,
                    c.walSyncs() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", c.walSyncs() / n), c.rowsInserted() / n,
                    c.rowsFetched() / n, bytes(c.walBytes() / n));
        }
        cpu(out, api.cpu());
        if (api.cpu() != null && api.commands() > 0) {
            double rate = api.commandsPerSecond();
            out.printf("  CPU/command   server %s ms, PostgreSQL %s ms, this client %s ms%n", ms(cpuMillisPer(api.cpu().serverPercent(), api.cpu(), rate)),
                    ms(cpuMillisPer(api.cpu().postgresPercent(), api.cpu(), rate)),
                    ms(cpuMillisPer(api.cpu().clientPercent(), api.cpu(), rate)));
        }
        for (String sample : api.errorSamples()) {
            out.println("  error         " + sample);
        }

        out.println();
        if (ceiling == null) {
            out.println("PostgreSQL ceiling: not measured");
        } else {
            out.printf("PostgreSQL ceiling (%d connections, each a single-row INSERT + COMMIT in autocommit, same period)%n",
                    options.clients());
            out.printf("  commits/s     %.1f   (%d commits, %d errors)%n", ceiling.perSecond(), ceiling.commits(),
                    ceiling.errors());
            LatencySummary l = ceiling.latency();
            out.printf("  latency ms    p50 %s  p95 %s  p99 %s  max %s  mean %s%n", ms(l.p50Ms()), ms(l.p95Ms()),
                    ms(l.p99Ms()), ms(l.maxMs()), ms(l.meanMs()));
            if (ceiling.counters() != null && ceiling.commits() > 0 && ceiling.counters().walSyncs() >= 0) {
                out.printf("  per commit    %.2f WAL flushes (below 1: commits share flushes)%n",
                        ceiling.counters().walSyncs() / (double) ceiling.commits());
            }
            cpu(out, ceiling.cpu());
            if (ceiling.firstError() != null) {
                out.println("  error         " + ceiling.firstError());
            }
            out.println();
            out.printf("ratio           %.3f   (command API commands/s / raw PostgreSQL commits/s)%n", ratio());
        }
        out.println();
    }

    private static void row(PrintStream out, String label, LatencySummary s, long errors) {
        out.printf("  %-10s %10d %9s %9s %9s %9s %9s %8d%n", label, s.count(), ms(s.p50Ms()), ms(s.p95Ms()),
                ms(s.p99Ms()), ms(s.maxMs()), ms(s.meanMs()), errors);
    }

    /** CPU milliseconds per operation of a share (percent of the whole machine) at a rate (per second). */
    static double cpuMillisPer(double machinePercent, CpuUsage.Usage cpu, double perSecond) {
        return perSecond <= 0 ? Double.NaN : machinePercent / 100.0 * cpu.cores() * 1000.0 / perSecond;
    }

    private static void cpu(PrintStream out, CpuUsage.Usage cpu) {
        if (cpu == null) {
            return;
        }
        out.printf("  CPU           machine busy %s of %d cores = server %s + PostgreSQL %s + this client %s + other %s;"
                        + " iowait %s%n", percent(cpu.busyPercent()), cpu.cores(), percent(cpu.serverPercent()),
                percent(cpu.postgresPercent()), percent(cpu.clientPercent()), percent(cpu.otherPercent()),
                percent(cpu.iowaitPercent()));
        if (cpu.otherPercent() > 10) {
            out.println("  WARNING       other processes took CPU during this period: the figures understate the server");
        }
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", JSON_SCHEMA);
        root.put("startedAt", startedAt.toString());
        root.put("url", options.url());
        root.put("clients", options.clients());
        root.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        root.put("durationSeconds", options.duration().toMillis() / 1000.0);
        if (settings != null) {
            ObjectNode pg = root.putObject("postgres");
            pg.put("version", settings.get("server_version"));
            pg.put("fsync", settings.get("fsync"));
            pg.put("synchronousCommit", settings.get("synchronous_commit"));
            pg.put("walSyncMethod", settings.get("wal_sync_method"));
            pg.put("fullPageWrites", settings.get("full_page_writes"));
            pg.put("commitDelay", settings.get("commit_delay"));
        } else {
            root.putNull("postgres");
        }

        ObjectNode a = root.putObject("api");
        number(a, "commandsPerSecond", api.commandsPerSecond(), 1);
        a.put("commands", api.commands());
        number(a, "flowsPerSecond", api.flowsPerSecond(), 2);
        a.put("flows", api.flows());
        a.put("errors", api.errorCount());
        a.put("warmupErrors", api.warmupErrors());
        ObjectNode ops = a.putObject("operations");
        for (Operation operation : Operation.values()) {
            latency(ops.putObject(operation.label), api.operations().get(operation)).put("errors",
                    api.errors().get(operation));
        }
        latency(ops.putObject("all"), api.all()).put("errors", api.errorCount());
        if (api.counters() != null && api.commands() > 0) {
            ObjectNode db = a.putObject("perCommand");
            Database.Counters c = api.counters();
            double n = api.commands();
            number(db, "dbCommits", c.commits() / n, 3);
            number(db, "walFlushes", c.walSyncs() < 0 ? Double.NaN : c.walSyncs() / n, 3);
            number(db, "rowsInserted", c.rowsInserted() / n, 3);
            number(db, "rowsFetched", c.rowsFetched() / n, 3);
            number(db, "walBytes", c.walBytes() < 0 ? Double.NaN : c.walBytes() / n, 0);
        }
        if (api.cpu() != null && api.commands() > 0) {
            ObjectNode perCommand = a.has("perCommand") ? (ObjectNode) a.get("perCommand") : a.putObject("perCommand");
            double rate = api.commandsPerSecond();
            number(perCommand, "serverCpuMs", cpuMillisPer(api.cpu().serverPercent(), api.cpu(), rate), 3);
            number(perCommand, "postgresCpuMs", cpuMillisPer(api.cpu().postgresPercent(), api.cpu(), rate), 3);
            number(perCommand, "clientCpuMs", cpuMillisPer(api.cpu().clientPercent(), api.cpu(), rate), 3);
        }
        cpu(a, api.cpu());

        if (ceiling != null) {
            ObjectNode c = root.putObject("postgresCeiling");
            number(c, "commitsPerSecond", ceiling.perSecond(), 1);
            c.put("commits", ceiling.commits());
            c.put("errors", ceiling.errors());
            latency(c, ceiling.latency());
            if (ceiling.counters() != null && ceiling.commits() > 0) {
                number(c, "walFlushesPerCommit", ceiling.counters().walSyncs() < 0 ? Double.NaN
                        : ceiling.counters().walSyncs() / (double) ceiling.commits(), 3);
            }
            cpu(c, ceiling.cpu());
        } else {
            root.putNull("postgresCeiling");
        }
        number(root, "ratio", ratio(), 4);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode latency(ObjectNode node, LatencySummary s) {
        node.put("count", s.count());
        number(node, "p50Ms", s.p50Ms(), 3);
        number(node, "p95Ms", s.p95Ms(), 3);
        number(node, "p99Ms", s.p99Ms(), 3);
        number(node, "maxMs", s.maxMs(), 3);
        number(node, "meanMs", s.meanMs(), 3);
        return node;
    }

    private static void cpu(ObjectNode parent, CpuUsage.Usage cpu) {
        if (cpu == null) {
            return;
        }
        ObjectNode node = parent.putObject("cpu");
        node.put("cores", cpu.cores());
        number(node, "busyPercent", cpu.busyPercent(), 1);
        number(node, "iowaitPercent", cpu.iowaitPercent(), 1);
        number(node, "serverPercent", cpu.serverPercent(), 1);
        number(node, "postgresPercent", cpu.postgresPercent(), 1);
        number(node, "clientPercent", cpu.clientPercent(), 1);
        number(node, "otherPercent", cpu.otherPercent(), 1);
    }

    static void number(ObjectNode node, String name, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(name);
        } else {
            double scale = Math.pow(10, decimals);
            node.put(name, Math.round(value * scale) / scale);
        }
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    private static String bytes(double value) {
        if (value < 0) {
            return "?";
        }
        return value < 10_000 ? String.format(Locale.ROOT, "%.0f B", value)
                : String.format(Locale.ROOT, "%.1f KB", value / 1024);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + "s" : (millis / 1000.0) + "s";
    }
}
