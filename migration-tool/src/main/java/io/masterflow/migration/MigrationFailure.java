package io.masterflow.migration;

/**
 * A problem that stops the run before or while it works, with the one-line message an operator reads and the exit
 * code a script can test. Rows the run already committed stay committed: a new run picks up after them.
 */
public class MigrationFailure extends RuntimeException {

    public enum Kind {
        /** Wrong arguments. */
        USAGE(2),
        /** The source cannot be reached or is not the legacy schema. */
        SOURCE(3),
        /** The target cannot be reached, has no event store, or refused a write. */
        TARGET(4),
        /** The run stopped on something unexpected. */
        INTERNAL(5),
        /** A rollback found flows it must not touch (listed in its report) and deleted nothing. */
        REFUSED(6);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public MigrationFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public MigrationFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static MigrationFailure usage(String message) {
        return new MigrationFailure(Kind.USAGE, message);
    }

    public static MigrationFailure source(String message, Throwable cause) {
        return new MigrationFailure(Kind.SOURCE, message, cause);
    }

    public static MigrationFailure target(String message, Throwable cause) {
        return new MigrationFailure(Kind.TARGET, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
