package io.masterflow.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The command line of a benchmark run. */
record Options(String url,
               Path dataDir,
               String token,
               String engagementId,
               String jdbcUrl,
               String dbUser,
               String dbPassword,
               int clients,
               Duration duration,
               Duration warmup,
               boolean ceiling,
               int errorSamples,
               long serverPid,
               long postgresPid) {

    static final String USAGE = """
            usage: java -jar masterflow-benchmark.jar --url http://localhost:8080 --data-dir ./data [options]
                   java -jar masterflow-benchmark.jar --url URL --token JWT [--jdbc-url URL --db-user U --db-password P] [options]
                   java -jar masterflow-benchmark.jar --summarize FILE...   (median of the JSON lines of several runs)

            target
              --url URL             the command API (default http://localhost:8080)
              --data-dir DIR        a quickstart data directory: signs a token with DIR/jwt-secret and reaches its
                                    embedded PostgreSQL through the port in DIR/postgres/postmaster.pid, with the
                                    password in DIR/postgres-password
              --token JWT           a bearer token with the flow-operator role, instead of --data-dir
              --engagement-id UUID  engagement for X-Engagement-Id (default: from --data-dir a fresh one; from
                                    --token its first engagement_ids entry)
              --jdbc-url URL        the event store's database, for the PostgreSQL ceiling (with --token)
              --db-user U, --db-password P   (default postgres / postgres)
            load
              --clients N           concurrent clients, each a closed loop (default 32)
              --duration D          measured period, e.g. 30s, 2m, 500ms (default 30s)
              --warmup D            load before it whose figures are discarded (default 10s; the ceiling's
                                    warmup is at most 10s)
              --no-ceiling          skip the PostgreSQL ceiling
              --error-samples N     errors printed in full (default 5)
            CPU attribution (Linux; shares of the whole machine during each measured period)
              --server-pid PID      the server's process, to report its CPU share
              --postgres-pid PID    the postmaster, to report PostgreSQL's share (default with --data-dir: line 1
                                    of DIR/postgres/postmaster.pid)
            """;

    private static final Set<String> FLAGS = Set.of("no-ceiling");
    private static final Set<String> VALUED = Set.of("url", "data-dir", "token", "engagement-id", "jdbc-url", "db-user",
            "db-password", "clients", "duration", "warmup", "error-samples", "server-pid", "postgres-pid");

    static Options parse(String[] args) {
        Map<String, String> values = parseArguments(args, VALUED, FLAGS);
        String url = values.getOrDefault("url", "http://localhost:8080");
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        Path dataDir = values.containsKey("data-dir") ? Path.of(values.get("data-dir")) : null;
        String token = values.get("token");
        if ((dataDir == null) == (token == null)) {
            throw new IllegalArgumentException("give either --data-dir or --token");
        }
        int clients = positiveInt(values.getOrDefault("clients", "32"), "--clients");
        Duration duration = duration(values.getOrDefault("duration", "30s"), "--duration");
        Duration warmup = duration(values.getOrDefault("warmup", "10s"), "--warmup");
        if (duration.isZero()) {
            throw new IllegalArgumentException("--duration must be more than 0");
        }
        return new Options(url, dataDir, token, values.get("engagement-id"), values.get("jdbc-url"),
                values.getOrDefault("db-user", "postgres"), values.getOrDefault("db-password", "postgres"),
                clients, duration, warmup, !values.containsKey("no-ceiling"),
                Integer.parseInt(values.getOrDefault("error-samples", "5")),
                Long.parseLong(values.getOrDefault("server-pid", "-1")),
                Long.parseLong(values.getOrDefault("postgres-pid", "-1")));
    }

    /** {@code --name value} and {@code --name=value}; the names a command takes are given, anything else is refused. */
    static Map<String, String> parseArguments(String[] args, Set<String> valued, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= rest.size()) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = rest.get(++i);
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return values;
    }

    /** 30s, 500ms, 2m, 1h, a bare number of seconds, or ISO-8601 (PT30S). */
    static Duration duration(String text, String option) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
            }
            if (value.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(option + " is a duration such as 30s, 500ms or 2m, not '" + text + "'");
        }
    }

    private static int positiveInt(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, not '" + text + "'");
    }
}
