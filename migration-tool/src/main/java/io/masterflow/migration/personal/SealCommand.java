package io.masterflow.migration.personal;

import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.OptionReader;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            for (OptionReader.Option option : OptionReader.read(args, Set.of(OPTION),
                    Set.of("--target-url", "--target-user", "--target-password", "--batch-size"), name -> name + " does not go with " + OPTION)) {
                switch (option.name()) {
                    case OPTION -> { }
                    case "--target-url" -> targetUrl = option.value();
                    case "--target-user" -> targetUser = option.value();
                    case "--target-password" -> targetPassword = option.value();
                    default -> batchSize = batchSize(option.value());
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
