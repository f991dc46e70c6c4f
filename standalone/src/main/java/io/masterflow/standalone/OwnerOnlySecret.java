package io.masterflow.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import static java.nio.file.StandardOpenOption.WRITE;

/**
 * A secret the quickstart keeps in its data folder (the token signing secret, the embedded database's password): made
 * once from a strong random source, written owner-only, and read only while it is still owner-only. Anyone else who
 * may read it could sign tokens or open the database as the quickstart; whoever may change it, make it sign theirs. It
 * writes nothing to the log, because the {@code token} command must keep its standard output to the token alone.
 */
final class OwnerOnlySecret {

    private static final int RANDOM_BYTES = 48;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlySecret() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            store(file, newSecret());
        }
        return read(file);
    }

    /** A new secret, not yet kept anywhere. */
    static String newSecret() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** @throws IllegalStateException when others may read or change the file, saying how to make it owner-only */
    static String read(Path file) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new IllegalStateException(file + " may be read or changed by other users of this machine (its permissions are "
                        + PosixFilePermissions.toString(permissions) + "), and whoever reads it can act as this server. Make it "
                        + "owner-only (chmod 600 " + file + "), or delete it to have a new one made (what it protected until now "
                        + "stops working).");
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Keeps the secret in the file, owner-only; a file another process wrote meanwhile wins. */
    static void store(Path file, String secret) throws IOException {
        createOwnerOnlyDirectories(file.getParent());
        // written aside and moved into place, so nobody ever reads a half-written secret
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", ownerOnly("rw-------"));
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

    /** The data folder, made owner-only when this is the one to make it. */
    static void createOwnerOnlyDirectories(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            Files.createDirectories(directory, ownerOnly("rwx------"));
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
