package io.masterflow.standalone;

import io.masterflow.security.JwtProperties;
import io.masterflow.security.TokenIssuer;
import org.springframework.boot.convert.DurationStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar masterflow.jar token ...}: signs a bearer token with the secret the server verifies tokens with. It
 * starts neither Spring nor PostgreSQL, and prints the token alone on standard output so that scripts can capture it
 * ({@code TOKEN=$(java -jar masterflow.jar token ...)}).
 */
final class TokenCommand {

    static final String NAME = "token";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The variable a deployment's servers read their secret from (the sides' configuration files name it). */
    static final String SECRET_VARIABLE = "MASTERFLOW_JWT_SECRET";

    private TokenCommand() {
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(TokenRequest.USAGE);
            return OK;
        }
        TokenRequest request;
        try {
            request = TokenRequest.parse(args, maxLifetime(environment));
        } catch (TokenRequest.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(TokenRequest.USAGE);
            return USAGE;
        }
        String source = "the secret";
        try {
            String secret;
            if (request.secretFile() != null) {
                source = "the secret in " + request.secretFile();
                secret = SigningSecretFile.read(request.secretFile());
            } else if (environment.getOrDefault(SECRET_VARIABLE, "").isBlank()) {
                source = "the secret in " + request.dataDirectory().signingSecret();
                if (!Files.exists(request.dataDirectory().signingSecret())) {
                    err.println("error: no signing secret in " + request.dataDirectory().root() + ": start masterflow once with "
                            + "that data directory (it makes the secret), or give the secret of the server the token is for "
                            + "with " + SECRET_VARIABLE + " or --secret-file");
                    return FAILED;
                }
                secret = SigningSecretFile.readDataFolder(request.dataDirectory().signingSecret());
            } else {
                // as the server does: a secret set by the operator wins over the data directory's
                source = "the secret in " + SECRET_VARIABLE;
                secret = environment.get(SECRET_VARIABLE);
            }
            TokenIssuer issuer = new TokenIssuer(secret);
            out.println(request.platformOperator() ? issuer.issuePlatformOperator(request.user(), request.validity())
                    : issuer.issue(request.user(), request.account(), request.engagements(), request.roles(), request.validity()));
            return OK;
        } catch (NoSuchFileException e) {
            err.println("error: cannot sign a token with " + source + ": there is no such file");
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot sign a token with " + source + ": " + e.getMessage());
            return FAILED;
        }
    }

    /** As the servers read it, from the same variable; a value they could not read would not start them either. */
    private static Duration maxLifetime(Map<String, String> environment) {
        String configured = environment.get(JwtProperties.MAX_LIFETIME_VARIABLE);
        if (configured == null || configured.isBlank()) {
            return JwtProperties.DEFAULT_MAX_LIFETIME;
        }
        try {
            return DurationStyle.detectAndParse(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new TokenRequest.UsageException("$" + JwtProperties.MAX_LIFETIME_VARIABLE + " must be a duration like 30d, got '"
                    + configured + "'");
        }
    }
}
