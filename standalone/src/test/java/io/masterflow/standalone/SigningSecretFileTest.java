package io.masterflow.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SigningSecretFileTest {

    @TempDir
    Path dataDir;

    @Test
    void the_secret_is_created_once_and_then_reused() throws Exception {
        Path file = DataDirectory.of(dataDir.resolve("nested").toString()).signingSecret();

        String first = SigningSecretFile.loadOrCreate(file);
        String second = SigningSecretFile.loadOrCreate(file);

        assertThat(second).isEqualTo(first);
        assertThat(first).matches("[A-Za-z0-9_-]{64}");
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void every_data_directory_gets_a_secret_of_its_own() throws Exception {
        String one = SigningSecretFile.loadOrCreate(dataDir.resolve("one/jwt-secret"));
        String two = SigningSecretFile.loadOrCreate(dataDir.resolve("two/jwt-secret"));

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void only_its_owner_may_read_the_secret() throws Exception {
        assumePosixPermissions();
        Path file = dataDir.resolve("jwt-secret");

        SigningSecretFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void a_secret_set_by_hand_is_kept() throws Exception {
        Path file = ownerOnly(dataDir.resolve("jwt-secret"), "a-secret-chosen-by-the-operator-of-this-server\n");

        assertThat(SigningSecretFile.loadOrCreate(file)).isEqualTo("a-secret-chosen-by-the-operator-of-this-server");
    }

    @Test
    void a_secret_too_short_to_sign_with_is_refused_rather_than_replaced() throws Exception {
        Path file = ownerOnly(dataDir.resolve("jwt-secret"), "short");

        assertThatThrownBy(() -> SigningSecretFile.loadOrCreate(file)).hasMessageContaining("at least 32 bytes");
        assertThat(Files.readString(file)).isEqualTo("short");
    }

    @Test
    void a_secret_others_may_read_is_refused_saying_how_to_make_it_owner_only() throws Exception {
        assumePosixPermissions();
        Path file = ownerOnly(dataDir.resolve("jwt-secret"), "a-secret-chosen-by-the-operator-of-this-server\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SigningSecretFile.loadOrCreate(file))
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + file);
        assertThat(Files.readString(file)).as("nothing is replaced").startsWith("a-secret-chosen");
    }

    private static Path ownerOnly(Path file, String content) throws Exception {
        Files.writeString(file, content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    /**
     * Who may read a file is a POSIX permission: where the file system has none (Windows), {@link OwnerOnlySecret} checks
     * nothing and there is nothing to test. Every Linux and macOS build, CI's included, runs these tests.
     */
    private static void assumePosixPermissions() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "the file system has no POSIX permissions");
    }
}
