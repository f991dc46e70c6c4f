package io.masterflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.security.TokenIssuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Whom the load is sent as (token and engagement) and which database the ceiling is measured on. */
record Target(String token, String engagementId, String accountId, String jdbcUrl, String dbUser, String dbPassword,
              CpuUsage.Watched watched) {

    static final String ROLE = "flow-operator";

    static Target resolve(Options options) throws IOException {
        if (options.dataDir() != null) {
            return fromDataDir(options);
        }
        String engagement = options.engagementId() != null ? options.engagementId() : engagementOf(options.token());
        return new Target(options.token(), engagement, null, options.jdbcUrl(), options.dbUser(), options.dbPassword(),
                new CpuUsage.Watched(options.serverPid(), options.postgresPid()));
    }

    /**
     * A quickstart data directory: a token for a fresh tenant (so runs never see each other's flows), signed with
     * the server's own secret; the database is the embedded PostgreSQL the server itself writes to.
     */
    private static Target fromDataDir(Options options) throws IOException {
        Path dir = options.dataDir();
        Path secretFile = dir.resolve("jwt-secret");
        if (!Files.isRegularFile(secretFile)) {
            throw new IOException(secretFile + " not found: is " + dir + " the data directory of a running quickstart?");
        }
        String secret = Files.readString(secretFile, StandardCharsets.UTF_8).trim();
        UUID account = UUID.randomUUID();
        String engagement = options.engagementId() != null ? options.engagementId() : UUID.randomUUID().toString();
        Duration validity = options.warmup().plus(options.duration()).plusHours(1);
        String token = new TokenIssuer(secret).issue("benchmark", account, List.of(engagement), List.of(ROLE), validity);
        Path postmasterPid = dir.resolve("postgres").resolve("postmaster.pid");
        List<String> pidFile = postmasterPid(postmasterPid);
        String jdbcUrl = options.jdbcUrl() != null ? options.jdbcUrl()
                : "jdbc:postgresql://127.0.0.1:" + line(pidFile, 4, postmasterPid, "port") + "/postgres";
        long postgresPid = options.postgresPid() > 0 ? options.postgresPid() : line(pidFile, 1, postmasterPid, "process id");
        // the embedded PostgreSQL asks for the password its quickstart keeps beside it
        Path passwordFile = dir.resolve("postgres-password");
        String password = options.jdbcUrl() == null && Files.isRegularFile(passwordFile)
                ? Files.readString(passwordFile, StandardCharsets.UTF_8).trim() : options.dbPassword();
        return new Target(token, engagement, account.toString(), jdbcUrl, options.dbUser(), password,
                new CpuUsage.Watched(options.serverPid(), postgresPid));
    }

    /** postmaster.pid: line 1 is the postmaster's process id, line 4 the port it listens on. */
    private static List<String> postmasterPid(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found: the embedded PostgreSQL of that data directory is not running");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static int line(List<String> lines, int number, Path file, String what) throws IOException {
        if (lines.size() < number) {
            throw new IOException(file + " has no " + what + " (line " + number + ")");
        }
        try {
            return Integer.parseInt(lines.get(number - 1).trim());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": line " + number + " is not a " + what + ": '" + lines.get(number - 1) + "'");
        }
    }

    /** The first engagement a token grants (read from its claims, not verified); a fresh id when it grants "*". */
    static String engagementOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length >= 2) {
            try {
                JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
                for (JsonNode engagement : claims.path("engagement_ids")) {
                    if (!"*".equals(engagement.asText())) {
                        return engagement.asText();
                    }
                }
            } catch (IOException | IllegalArgumentException unreadable) {
                // fall through: the server will say what it thinks of the token
            }
        }
        return UUID.randomUUID().toString();
    }
}
