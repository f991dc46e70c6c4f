package io.masterflow.benchmark;

/** The three commands a benchmark flow is made of: one create, then execute + complete per phase. */
enum Operation {
    CREATE("create"), EXECUTE("execute"), COMPLETE("complete");

    final String label;

    Operation(String label) {
        this.label = label;
    }
}
