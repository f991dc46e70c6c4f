package io.masterflow.standalone;

import io.masterflow.security.TokenIssuer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar masterflow.jar token ...}: signs a bearer token with the data directory's secret. It starts
 * neither Spring nor PostgreSQL, and prints the token alone on standard output so that scripts can capture it
 * ({@code TOKEN=$(java -jar masterflow.jar token ...)}).
 */
final class TokenCommand {

    static final String NAME = "token";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private TokenCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(TokenRequest.USAGE);
            return OK;
        }
        TokenRequest request;
        try {
            request = TokenRequest.parse(args);
        } catch (TokenRequest.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(TokenRequest.USAGE);
            return USAGE;
        }
        try {
            String secret = SigningSecretFile.loadOrCreate(request.dataDirectory().signingSecret());
            out.println(new TokenIssuer(secret).issue(request.user(), request.account(), request.engagements(),
                    request.roles(), request.validity()));
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot sign a token with the secret in " + request.dataDirectory().signingSecret() + ": " + e.getMessage());
            return FAILED;
        }
    }
}
