package io.masterflow.migration.personal;

import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code masterflow-migrate --seal-personal-data --target-url URL [--batch-size N]}: the one-time upgrade of an event
 * store written before personal data was sealed ({@link PersonalDataSealing}).
 */
public final class SealCommand {

    public static final String OPTION = "--seal-personal-data";
    private static final int DEFAULT_BATCH_SIZE = 1000;

    private SealCommand() {
    }

    public static boolean asked(String[] args) {
        return List.of(args).contains(OPTION);
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String targetUrl = null;
        String targetUser = null;
        String targetPassword = environment.get("MASTERFLOW_TARGET_PASSWORD");
        int batchSize = DEFAULT_BATCH_SIZE;
        try {
            for (int index = 0; index < args.length; index++) {
                String arg = args[index];
                if (arg.equals(OPTION)) {
                    continue;
                }
                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }
                if (!List.of("--target-url", "--target-user", "--target-password", "--batch-size").contains(name)) {
                    throw MigrationFailure.usage(name.startsWith("--") ? name + " does not go with " + OPTION
                            : "unexpected argument '" + arg + "'");
                }
                if (value == null) {
                    if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
                        throw MigrationFailure.usage(name + " needs a value");
                    }
                    value = args[++index];
                }
                switch (name) {
                    case "--target-url" -> targetUrl = value;
                    case "--target-user" -> targetUser = value;
                    case "--target-password" -> targetPassword = value;
                    default -> batchSize = batchSize(value);
                }
            }
            if (targetUrl == null) {
                throw MigrationFailure.usage(OPTION + " needs --target-url, the event store's database");
            }
        } catch (MigrationFailure failure) {
            err.println("masterflow-migrate: " + failure.getMessage());
            err.println("run with --help for the options");
            return failure.kind().exitCode();
        }
        String url = targetUrl;
        String user = targetUser;
        String password = targetPassword;
        try (Connection connection = Jdbc.connect(url, user, password)) {
            if (!Jdbc.columns(connection, "personal_data_key").contains("key_id")) {
                err.println("masterflow-migrate: " + Jdbc.describe(url) + " has no personal_data_key table: start the "
                        + "command side of this version once against it");
                return MigrationFailure.Kind.TARGET.exitCode();
            }
            PersonalDataSealing.run(connection, () -> Jdbc.connect(url, user, password), batchSize).print(out);
            return 0;
        } catch (SQLException failure) {
            err.println("masterflow-migrate: " + Jdbc.describe(url) + ": " + Jdbc.message(failure)
                    + " (the batches committed before stay sealed; run it again to go on)");
            return MigrationFailure.Kind.TARGET.exitCode();
        }
    }

    private static int batchSize(String value) {
        try {
            int size = Integer.parseInt(value);
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw MigrationFailure.usage("--batch-size must be a positive whole number, not '" + value + "'");
    }
}
