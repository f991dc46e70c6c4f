package io.masterflow.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The HS256 secret of a data folder, generated on first use and then kept: tokens issued before a restart, or by
 * the {@code token} command, stay valid. It writes nothing to the log, because the {@code token} command must keep
 * its standard output to the token alone.
 */
final class SigningSecretFile {

    private static final int RANDOM_BYTES = 48;
    private static final int MIN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecretFile() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // written aside and moved into place, so nobody ever reads a half-written secret
        Path temporary = Files.createTempFile(file.getParent(), ".jwt-secret", ".tmp", ownerOnly());
        try {
            try (FileChannel channel = FileChannel.open(temporary, WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(secret + System.lineSeparator()));
                channel.force(true);
            }
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException anotherProcessWasFaster) {
            // its secret wins: both processes then read the same one
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The secret a file holds, which must be there: the {@code token} command signs with no secret of its own making. */
    static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalStateException(file + " holds no usable signing secret (HS256 needs at least " + MIN_BYTES
                    + " bytes). Delete the file to have a new one generated; tokens signed with the old one stop working.");
        }
        return secret;
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
