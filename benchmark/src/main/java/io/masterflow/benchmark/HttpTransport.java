package io.masterflow.benchmark;

import java.io.IOException;

/** Sends one JSON POST and waits for the whole answer. One instance per client thread. */
interface HttpTransport extends AutoCloseable {

    Response post(String path, byte[] jsonBody) throws IOException, InterruptedException;

    @Override
    void close();

    record Response(int status, byte[] body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }
    }
}
