package io.masterflow.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HS256 secret tokens are signed with: the data folder's (an {@link OwnerOnlySecret}, generated on first use and
 * then kept, so tokens issued before a restart, or by the {@code token} command, stay valid), or a deployment's given
 * to the {@code token} command in a file of its own.
 */
final class SigningSecretFile {

    private static final int MIN_BYTES = 32;

    private SigningSecretFile() {
    }

    /** The data folder's secret, made if there is none yet; refused when others may read it. */
    static String loadOrCreate(Path file) throws IOException {
        return usable(file, OwnerOnlySecret.loadOrCreate(file));
    }

    /** The data folder's secret, which must be there: the {@code token} command signs with no secret of its own making. */
    static String readDataFolder(Path file) throws IOException {
        return usable(file, OwnerOnlySecret.read(file));
    }

    /** A deployment's secret, in a file the operator keeps as the deployment does. */
    static String read(Path file) throws IOException {
        return usable(file, Files.readString(file, StandardCharsets.UTF_8).trim());
    }

    private static String usable(Path file, String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalStateException(file + " holds no usable signing secret (HS256 needs at least " + MIN_BYTES
                    + " bytes). Delete the file to have a new one generated; tokens signed with the old one stop working.");
        }
        return secret;
    }
}
