package io.masterflow.standalone;

import io.masterflow.security.JwtProperties;
import io.masterflow.security.Roles;
import org.springframework.boot.convert.DurationStyle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The arguments of the {@code token} command, checked before anything is signed: a token the server would refuse
 * is worse than an error message, because it fails later and far from its cause.
 */
record TokenRequest(String user, UUID account, List<String> engagements, List<String> roles, Duration validity,
                    DataDirectory dataDirectory, Path secretFile) {

    static final String ALL_ENGAGEMENTS = "*";
    static final Set<String> KNOWN_ROLES = Set.of(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.AUDITOR, Roles.WORKER, Roles.ADMIN,
            Roles.PLATFORM_OPERATOR);
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);

    static final String USAGE = """
            usage: java -jar masterflow.jar token --account UUID --engagement UUID|'*' [--engagement ...]
                                                  --role ROLE [--role ...] --user NAME [--valid DURATION]
                                                  [--data-dir DIR | --secret-file FILE]
                   java -jar masterflow.jar token --role platform-operator --user NAME [--valid DURATION]
                                                  [--data-dir DIR | --secret-file FILE]

            Prints a bearer token signed with the secret the server verifies tokens with: the one in --secret-file,
            else $MASTERFLOW_JWT_SECRET (as a server started with it uses), else the one the quickstart keeps in its
            data directory. It never makes up a secret: a token no server can verify is no use.
              --account      the client account (tenant) the token is for
              --engagement   an engagement of that account; repeat for several, or '*' for all of them
              --role         one of flow-operator, flow-viewer, auditor, worker, admin; repeat for several. Or
                             platform-operator alone, without --account and --engagement: it runs the platform for
                             every account (projections, rebuilds, dead letters of no account, metrics, health details)
                             and reads no account's flows
              --user         the user id the server records as the author of every change made with the token
              --valid        how long the token is valid: 24h, 30m, 7d or ISO-8601 like PT24H (default 24h), at most what
                             the servers accept: $MASTERFLOW_SECURITY_JWT_MAX_LIFETIME, as they read it (default 30d)
              --data-dir     the quickstart's data directory, holding the signing secret (default: $MASTERFLOW_DATA_DIR or ./data)
              --secret-file  a file holding the server's secret (the value of MASTERFLOW_JWT_SECRET), e.g. a deployment's
            """;

    /** @param maxValidity the longest lifetime the servers accept (masterflow.security.jwt.max-lifetime) */
    static TokenRequest parse(String[] args, Duration maxValidity) {
        String user = null;
        String account = null;
        String validity = null;
        String dataDirectory = null;
        String secretFile = null;
        Set<String> engagements = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(option.startsWith("--") ? option + " needs a value" : "unexpected argument '" + option + "'");
                }
                value = args[++i];
            }
            switch (option) {
                case "--user" -> user = once(option, user, value);
                case "--account" -> account = once(option, account, value);
                case "--valid" -> validity = once(option, validity, value);
                case "--data-dir" -> dataDirectory = once(option, dataDirectory, value);
                case "--secret-file" -> secretFile = once(option, secretFile, value);
                case "--engagement" -> engagements.add(value.trim());
                case "--role" -> roles.add(value.trim());
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        // checked in the order of the usage line, so the first complaint is about the first thing to fix
        boolean platformOperator = roles.contains(Roles.PLATFORM_OPERATOR);
        UUID accountId = platformOperator ? noAccount(account, engagements, roles) : account(account);
        List<String> engagementIds = platformOperator ? List.of() : engagements(engagements);
        List<String> roleNames = roles(roles);
        String userId = user(user);
        if (dataDirectory != null && secretFile != null) {
            throw new UsageException("--data-dir and --secret-file both name where the secret is: give one");
        }
        return new TokenRequest(userId, accountId, engagementIds, roleNames, validity(validity, maxValidity),
                dataDirectory == null ? DataDirectory.fromSystem() : DataDirectory.of(dataDirectory),
                secretFile == null ? null : Path.of(secretFile));
    }

    private static String once(String option, String previous, String value) {
        if (previous != null) {
            throw new UsageException(option + " is given twice");
        }
        return value;
    }

    private static String user(String user) {
        if (user == null || user.isBlank()) {
            throw new UsageException("--user is required");
        }
        return user.trim();
    }

    /** A platform operator's token is tied to no account: the server refuses one that names an account or its roles. */
    private static UUID noAccount(String account, Set<String> engagements, Set<String> roles) {
        if (account != null || !engagements.isEmpty()) {
            throw new UsageException("a platform-operator token is tied to no account: give no --account and no --engagement");
        }
        if (roles.size() > 1) {
            throw new UsageException("--role platform-operator goes alone: an account's roles need a token of that account");
        }
        return null;
    }

    /** True for a platform operator's token, which names no account. */
    boolean platformOperator() {
        return account == null;
    }

    private static UUID account(String account) {
        if (account == null) {
            throw new UsageException("--account is required");
        }
        return uuid("--account", account);
    }

    private static List<String> engagements(Set<String> engagements) {
        if (engagements.isEmpty()) {
            throw new UsageException("at least one --engagement is required ('*' for all engagements of the account)");
        }
        if (engagements.contains(ALL_ENGAGEMENTS)) {
            if (engagements.size() > 1) {
                throw new UsageException("--engagement '*' already means every engagement; give it alone");
            }
            return List.of(ALL_ENGAGEMENTS);
        }
        List<String> ids = new ArrayList<>();
        for (String engagement : engagements) {
            ids.add(uuid("--engagement", engagement).toString());
        }
        return List.copyOf(ids);
    }

    private static List<String> roles(Set<String> roles) {
        if (roles.isEmpty()) {
            throw new UsageException("at least one --role is required");
        }
        for (String role : roles) {
            if (!KNOWN_ROLES.contains(role)) {
                throw new UsageException("unknown role '" + role + "'; the roles are " + String.join(", ", KNOWN_ROLES.stream().sorted().toList()));
            }
        }
        return List.copyOf(roles);
    }

    private static Duration validity(String validity, Duration maxValidity) {
        if (validity == null) {
            return DEFAULT_VALIDITY.compareTo(maxValidity) <= 0 ? DEFAULT_VALIDITY : maxValidity;
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(validity.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--valid must be a duration like 24h, 30m or PT24H, got '" + validity + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new UsageException("--valid must be positive, got '" + validity + "'");
        }
        if (duration.compareTo(maxValidity) > 0) {
            // the servers would refuse the token; a shorter one, renewed, is what the limit asks for
            throw new UsageException("--valid may be at most " + maxValidity + " (the servers' masterflow.security.jwt.max-lifetime, "
                    + "$" + JwtProperties.MAX_LIFETIME_VARIABLE + "), got '" + validity + "'");
        }
        return duration;
    }

    private static UUID uuid(String option, String value) {
        try {
            UUID uuid = UUID.fromString(value.trim());
            // UUID.fromString also takes shortened forms like 1-1-1-1-1, which the server would not recognise
            if (!uuid.toString().equalsIgnoreCase(value.trim())) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " must be a UUID like " + DemoTenant.ACCOUNT + ", got '" + value + "'");
        }
    }

    /** Wrong arguments: the caller gets the message and the usage, and exit code 2. */
    static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }
    }
}
