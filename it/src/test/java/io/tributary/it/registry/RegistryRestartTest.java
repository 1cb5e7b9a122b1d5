package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.it.registry.RegistryHttp.Reply;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the registry holds survives a restart of the node: subjects, versions, ids, configs, modes, deletions. */
class RegistryRestartTest {

    @TempDir
    Path dir;

    @Test
    void everythingIsThereAfterARestart() {
        int first;
        int second;
        try (Tributary node = Tributary.embedded().dataDir(dir).start()) {
            RegistryHttp http = new RegistryHttp(node.httpPort());
            first = http.register("a-value", null, RegistryRestTest.USER_V1).json().get("id").asInt();
            second = http.register("a-value", null, RegistryRestTest.USER_V2).json().get("id").asInt();
            http.register("b-value", "JSON", "{\"type\":\"string\"}");
            http.delete("/subjects/b-value");
            http.put("/config/a-value", "{\"compatibility\":\"FULL\"}");
            http.put("/mode/c-value", "{\"mode\":\"READONLY\"}");
        }
        try (Tributary node = Tributary.embedded().dataDir(dir).start()) {
            RegistryHttp http = new RegistryHttp(node.httpPort());
            assertThat(http.get("/subjects/a-value/versions").json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects/a-value/versions/1").json().get("id").asInt()).isEqualTo(first);
            assertThat(http.get("/schemas/ids/" + second).json().get("schema").asText())
                    .isEqualTo(RegistryRestTest.USER_V2);
            assertThat(http.get("/subjects").json().toString()).isEqualTo("[\"a-value\"]");
            assertThat(http.get("/subjects?deleted=true").json().toString()).contains("b-value");
            assertThat(http.get("/config/a-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(http.get("/mode/c-value").json().get("mode").asText()).isEqualTo("READONLY");
            assertThat(http.register("a-value", null, RegistryRestTest.USER_V1).json().get("id").asInt())
                    .isEqualTo(first);
            Reply fresh = http.register("d-value", "JSON", "{\"type\":\"integer\"}");
            assertThat(fresh.json().get("id").asInt()).isGreaterThan(Math.max(first, second));
        }
    }
}
