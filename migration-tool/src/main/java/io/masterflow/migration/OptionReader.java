package io.masterflow.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a command's options: flags, and options with a value given as {@code --name value} or {@code --name=value};
 * anything else is a usage error that says what went wrong.
 */
public final class OptionReader {

    /** An option as given; a flag's value is null. */
    public record Option(String name, String value) {
    }

    private OptionReader() {
    }

    /**
     * @param flags   the options without a value
     * @param valued  the options that take one
     * @param unknown the error for an option that is neither (given its name)
     */
    public static List<Option> read(String[] args, Set<String> flags, Set<String> valued, UnaryOperator<String> unknown) {
        List<Option> options = new ArrayList<>();
        for (int index = 0; index < args.length; index++) {
            String arg = args[index];
            if (flags.contains(arg)) {
                options.add(new Option(arg, null));
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!valued.contains(name)) {
                throw MigrationFailure.usage(name.startsWith("--") ? unknown.apply(name) : "unexpected argument '" + arg + "'");
            }
            if (value == null) {
                if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
                    throw MigrationFailure.usage(name + " needs a value");
                }
                value = args[++index];
            }
            options.add(new Option(name, value));
        }
        return options;
    }
}
