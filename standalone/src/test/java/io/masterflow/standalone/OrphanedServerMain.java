package io.masterflow.standalone;

/**
 * A process that starts the embedded database the way masterflow does, writes a row, reports the server's
 * pid and waits to be killed: the crash the stale-server recovery is for.
 */
public final class OrphanedServerMain {

    static final String READY = "READY";

    private OrphanedServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(DataDirectory.of(args[0]));
        Sql.execute(database, "CREATE TABLE before_the_crash (note text)", "INSERT INTO before_the_crash VALUES ('committed')");
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
