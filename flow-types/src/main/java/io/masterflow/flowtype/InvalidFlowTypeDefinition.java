package io.masterflow.flowtype;

/**
 * A flow-type definition that cannot be used. Thrown while loading, so that a broken definition stops start-up
 * instead of failing the first flow that uses it; the message always starts with the file it came from.
 */
public class InvalidFlowTypeDefinition extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public InvalidFlowTypeDefinition(String source, String problem) {
        this(source, problem, null);
    }

    public InvalidFlowTypeDefinition(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or folder) the broken definition came from. */
    public String source() {
        return source;
    }
}
