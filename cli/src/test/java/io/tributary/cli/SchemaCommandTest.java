package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CliProcess.Result;
import io.tributary.server.Tributary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary schema ...} in its own JVM against an embedded node's schema registry. */
class SchemaCommandTest {

    private static Tributary node;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--registry", "http://127.0.0.1:" + node.httpPort(), "--timeout", "30000"));
        return CliProcess.run(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString()), null, all);
    }

    @Test
    void registerListGetCheckAndDelete() throws Exception {
        Path v1 = home.resolve("user.avsc");
        Files.writeString(v1, "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Path bad = home.resolve("bad.avsc");
        Files.writeString(bad, "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}");
        Result registered = cli("schema", "register", "users-value", "--file", v1.toString());
        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(registered.out()).contains("Registered under users-value with id 1.");
        assertThat(cli("schema", "subjects").out()).contains("users-value");
        assertThat(cli("schema", "versions", "users-value").out().trim()).isEqualTo("1");
        Result got = cli("schema", "get", "users-value");
        assertThat(got.out()).contains("version: 1", "id: 1", "Type:    AVRO", "\"name\":\"U\"");
        assertThat(cli("schema", "get", "--id", "1", "--format", "json").out()).contains("\"schema\"");
        Result check = cli("schema", "check", "users-value", "--file", bad.toString());
        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(check.out()).contains("Incompatible:", "READER_FIELD_MISSING_DEFAULT_VALUE");
        Result refused = cli("schema", "register", "users-value", "--file", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("incompatible").contains("error 409").doesNotContain("\tat ");
        assertThat(cli("schema", "compatibility", "users-value", "--set", "NONE").out()).contains("set to NONE");
        assertThat(cli("schema", "compatibility", "users-value").out().trim()).isEqualTo("NONE");
        assertThat(cli("schema", "register", "users-value", "--file", bad.toString()).exitCode()).isZero();
        assertThat(cli("schema", "delete", "users-value").out()).contains("[1,2]");
        Result missing = cli("schema", "get", "users-value");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("Subject 'users-value' not found.").contains("error 40401");
    }

    @Test
    void usageErrorsAndAnUnreachableRegistry() throws Exception {
        assertThat(cli("schema", "register", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
        Result gone = CliProcess.run(Map.of(), null, List.of("schema", "subjects", "--registry",
                "http://127.0.0.1:1", "--timeout", "2000"));
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(gone.err()).contains("cannot reach the schema registry");
    }
}
