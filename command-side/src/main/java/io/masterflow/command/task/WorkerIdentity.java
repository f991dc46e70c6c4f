package io.masterflow.command.task;

import io.masterflow.security.Caller;

/**
 * Who a worker is: the token's user, plus a name of its own when one user runs several workers ({@code X-Worker-Id}).
 * Both travel as one id, {@code user/name}. A name has no '/', but a user may: its '%' and '/' are percent-encoded, so
 * the one '/' of an id always separates the two, and user {@code alice/x} can never pass for alice's worker {@code x}.
 */
public final class WorkerIdentity {

    private WorkerIdentity() {
    }

    /** @param name the worker's own name, already checked to hold no '/'; null when the user runs one worker */
    public static String of(Caller caller, String name) {
        String user = caller.userId().replace("%", "%25").replace("/", "%2F");
        return name == null ? user : user + "/" + name;
    }
}
