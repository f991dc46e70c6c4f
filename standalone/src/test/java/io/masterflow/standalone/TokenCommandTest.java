package io.masterflow.standalone;

import com.nimbusds.jwt.JWTClaimsSet;
import io.masterflow.security.TokenClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {

    private static final String ACCOUNT = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String ENGAGEMENT_A = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String ENGAGEMENT_B = "c3a1b6f2-5d4e-4f7a-9b8c-1d2e3f4a5b6c";

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The secret of a quickstart that has run on the data directory. */
    private String quickstartSecret;

    @BeforeEach
    void aQuickstartRanOnTheDataDirectory() throws IOException {
        quickstartSecret = SigningSecretFile.loadOrCreate(dataDir.resolve("jwt-secret"));
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private int run(Map<String, String> environment, String... args) {
        return TokenCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prints_one_line_holding_a_token_signed_with_the_data_directory_secret_whose_claims_match_the_arguments() throws Exception {
        int exit = run("--account", ACCOUNT, "--engagement", ENGAGEMENT_A, "--engagement", ENGAGEMENT_B,
                "--role", "flow-operator", "--role", "auditor", "--user", "alice", "--valid", "PT2H", "--data-dir", dataDir.toString());

        assertThat(exit).isZero();
        assertThat(stderr()).isEmpty();
        assertThat(stdout()).endsWith(System.lineSeparator());
        assertThat(stdout().lines()).hasSize(1);
        String secret = Files.readString(dataDir.resolve("jwt-secret")).trim();
        JWTClaimsSet claims = Jwts.verifiedClaims(stdout().trim(), secret);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim(TokenClaims.CLIENT_ACCOUNT_ID)).isEqualTo(ACCOUNT);
        assertThat(claims.getStringListClaim(TokenClaims.ENGAGEMENT_IDS)).containsExactly(ENGAGEMENT_A, ENGAGEMENT_B);
        assertThat(claims.getStringListClaim(TokenClaims.ROLES)).containsExactly("flow-operator", "auditor");
        Duration validity = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertThat(validity).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void a_star_grants_every_engagement_and_the_validity_defaults_to_a_day() throws Exception {
        int exit = run("--account=" + ACCOUNT, "--engagement=*", "--role=admin", "--user=ops", "--data-dir=" + dataDir);

        assertThat(exit).isZero();
        JWTClaimsSet claims = Jwts.verifiedClaims(stdout().trim(), Files.readString(dataDir.resolve("jwt-secret")).trim());
        assertThat(claims.getStringListClaim(TokenClaims.ENGAGEMENT_IDS)).containsExactly("*");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void tokens_issued_one_after_another_are_signed_with_the_same_secret() throws Exception {
        run("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "w1", "--data-dir", dataDir.toString());
        run("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "w2", "--data-dir", dataDir.toString());

        String secret = Files.readString(dataDir.resolve("jwt-secret")).trim();
        List<String> tokens = stdout().lines().toList();
        assertThat(tokens).hasSize(2);
        assertThat(Jwts.verifiedClaims(tokens.get(0), secret).getSubject()).isEqualTo("w1");
        assertThat(Jwts.verifiedClaims(tokens.get(1), secret).getSubject()).isEqualTo("w2");
    }

    @Test
    void mints_a_platform_operators_token_tied_to_no_account() throws Exception {
        int exit = run("--role", "platform-operator", "--user", "ops", "--data-dir", dataDir.toString());

        assertThat(exit).as(stderr()).isZero();
        JWTClaimsSet claims = Jwts.verifiedClaims(stdout().trim(), quickstartSecret);
        assertThat(claims.getSubject()).isEqualTo("ops");
        assertThat(claims.getStringListClaim(TokenClaims.ROLES)).containsExactly("platform-operator");
        assertThat(claims.getClaims()).doesNotContainKeys(TokenClaims.CLIENT_ACCOUNT_ID, TokenClaims.ENGAGEMENT_IDS);
    }

    @Test
    void the_longest_validity_is_the_one_the_servers_read_from_the_environment() throws Exception {
        Map<String, String> environment = Map.of("MASTERFLOW_SECURITY_JWT_MAX_LIFETIME", "8h");

        int tooLong = run(environment, "--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--valid", "9h",
                "--data-dir", dataDir.toString());
        int withinIt = run(environment, "--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--valid", "8h",
                "--data-dir", dataDir.toString());

        assertThat(tooLong).isEqualTo(2);
        assertThat(stderr()).contains("--valid may be at most PT8H");
        assertThat(withinIt).isZero();
    }

    static Stream<Arguments> bad_arguments() {
        return Stream.of(
                Arguments.of(List.of("--engagement", "*", "--role", "worker", "--user", "u"), "--account is required"),
                Arguments.of(List.of("--account", "acme", "--engagement", "*", "--role", "worker", "--user", "u"), "--account must be a UUID"),
                Arguments.of(List.of("--account", "1-1-1-1-1", "--engagement", "*", "--role", "worker", "--user", "u"), "--account must be a UUID"),
                Arguments.of(List.of("--account", ACCOUNT, "--role", "worker", "--user", "u"), "at least one --engagement"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "eng-1", "--role", "worker", "--user", "u"), "--engagement must be a UUID"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--engagement", ENGAGEMENT_A, "--role", "worker", "--user", "u"), "--engagement '*' already means every engagement"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--user", "u"), "at least one --role"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "superuser", "--user", "u"), "unknown role 'superuser'"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker"), "--user is required"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--valid", "soon"), "--valid must be a duration"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--valid", "-PT1H"), "--valid must be positive"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--colour", "red"), "unknown option '--colour'"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user"), "--user needs a value"),
                Arguments.of(List.of("--user", "u", "--user", "v", "--account", ACCOUNT, "--engagement", "*", "--role", "worker"), "--user is given twice"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--data-dir", "d", "--secret-file", "f"),
                        "--data-dir and --secret-file both name where the secret is"),
                Arguments.of(List.of("--account", ACCOUNT, "--role", "platform-operator", "--user", "u"), "a platform-operator token is tied to no account"),
                Arguments.of(List.of("--engagement", "*", "--role", "platform-operator", "--user", "u"), "a platform-operator token is tied to no account"),
                Arguments.of(List.of("--role", "platform-operator", "--role", "admin", "--user", "u"), "--role platform-operator goes alone"),
                Arguments.of(List.of("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--valid", "31d"),
                        "--valid may be at most PT720H"));
    }

    @ParameterizedTest
    @MethodSource
    void bad_arguments(List<String> args, String message) {
        int exit = run(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("error: " + message).contains("usage: java -jar masterflow.jar token");
    }

    @Test
    void a_secret_set_for_the_servers_in_the_environment_signs_the_token_as_it_wins_on_the_server() throws Exception {
        String deploymentSecret = "the-secret-a-deployment-gives-both-sides-0123456789";

        int exit = run(Map.of(TokenCommand.SECRET_VARIABLE, deploymentSecret),
                "--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "agent", "--data-dir", dataDir.toString());

        assertThat(exit).as(stderr()).isZero();
        assertThat(Jwts.verifiedClaims(stdout().trim(), deploymentSecret).getSubject()).isEqualTo("agent");
    }

    @Test
    void a_secret_file_signs_the_token() throws Exception {
        Path secretFile = Files.writeString(Files.createTempFile("deployment", ".secret"), "a-secret-kept-in-a-file-for-the-deployment-42\n");

        int exit = run("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "agent", "--secret-file", secretFile.toString());

        assertThat(exit).as(stderr()).isZero();
        assertThat(Jwts.verifiedClaims(stdout().trim(), "a-secret-kept-in-a-file-for-the-deployment-42").getSubject()).isEqualTo("agent");
    }

    @Test
    void without_a_secret_anywhere_no_token_is_signed_and_no_secret_is_made_up(@TempDir Path emptyDirectory) {
        int exit = run("--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u", "--data-dir", emptyDirectory.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("error: no signing secret in " + emptyDirectory.toAbsolutePath())
                .contains("MASTERFLOW_JWT_SECRET").contains("--secret-file");
        assertThat(emptyDirectory.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void a_secret_too_short_for_hs256_is_refused_naming_where_it_came_from() {
        int exit = run(Map.of(TokenCommand.SECRET_VARIABLE, "short"),
                "--account", ACCOUNT, "--engagement", "*", "--role", "worker", "--user", "u");

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("error: cannot sign a token with the secret in MASTERFLOW_JWT_SECRET: ").contains("at least 32 bytes");
    }

    @Test
    void run_from_the_command_line_it_prints_only_the_token_and_starts_no_database() throws Exception {
        Process token = ChildJvm.start(MasterflowApplication.class, "token", "--account", ACCOUNT, "--engagement", ENGAGEMENT_A,
                "--role", "flow-viewer", "--user", "bob", "--data-dir", dataDir.toString());
        byte[] stdout = token.getInputStream().readAllBytes();
        byte[] stderr = token.getErrorStream().readAllBytes();

        assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).isZero();
        assertThat(new String(stderr, StandardCharsets.UTF_8)).isEmpty();
        List<String> lines = new String(stdout, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        String secret = Files.readString(dataDir.resolve("jwt-secret")).trim();
        assertThat(Jwts.verifiedClaims(lines.get(0), secret).getSubject()).isEqualTo("bob");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("jwt-secret");
        }
    }

    @Test
    void run_from_the_command_line_with_bad_arguments_it_exits_with_2_and_explains_on_stderr() throws Exception {
        Process token = ChildJvm.start(MasterflowApplication.class, "token", "--account", ACCOUNT, "--data-dir", dataDir.toString());
        byte[] stdout = token.getInputStream().readAllBytes();
        byte[] stderr = token.getErrorStream().readAllBytes();

        assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).isEqualTo(2);
        assertThat(stdout).isEmpty();
        assertThat(new String(stderr, StandardCharsets.UTF_8)).contains("error: at least one --engagement").contains("usage:");
    }
}
