package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.it.registry.RegistryHttp.Reply;
import io.tributary.server.Tributary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema registry's REST API on an embedded node, endpoint by endpoint, with Confluent's bodies and error
 * codes.
 */
class RegistryRestTest {

    static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
    static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";
    static final String USER_BAD = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    private static Tributary node;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
        http = new RegistryHttp(node.httpPort());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void registersAvroAndReadsItBack() {
        Reply r = http.register("users-value", null, USER_V1);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(RegistryHttp.CONTENT_TYPE);
        int id = r.json().get("id").asInt();
        assertThat(http.register("users-value", null, " " + USER_V1 + " ").json().get("id").asInt()).isEqualTo(id);
        Reply byId = http.get("/schemas/ids/" + id);
        assertThat(byId.json().get("schema").asText()).isEqualTo(USER_V1);
        assertThat(byId.json().has("schemaType")).isFalse();
        Reply latest = http.get("/subjects/users-value/versions/latest");
        assertThat(latest.json().get("version").asInt()).isEqualTo(1);
        assertThat(latest.json().get("id").asInt()).isEqualTo(id);
        assertThat(http.get("/subjects").json().toString()).contains("users-value");
        assertThat(http.get("/subjects/users-value/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void backwardCompatibilityIsEnforced() {
        assertThat(http.register("compat-value", null, USER_V1).status()).isEqualTo(200);
        assertThat(http.register("compat-value", null, USER_V2).status()).isEqualTo(200);
        Reply bad = http.register("compat-value", null, USER_BAD);
        assertThat(bad.status()).isEqualTo(409);
        assertThat(bad.errorCode()).isEqualTo(409);
        Reply verbose = http.post("/compatibility/subjects/compat-value/versions/latest?verbose=true",
                RegistryHttp.schemaBody(null, USER_BAD));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").size()).isPositive();
    }

    @Test
    void errorsHaveConfluentCodes() {
        assertThat(http.get("/subjects/nope/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/schemas/ids/9999").errorCode()).isEqualTo(40403);
        assertThat(http.register("broken", null, "{\"type\":\"recrd\"}").errorCode()).isEqualTo(42201);
        http.register("versions-value", null, USER_V1);
        assertThat(http.get("/subjects/versions-value/versions/7").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/versions-value/versions/abc").errorCode()).isEqualTo(42202);
        assertThat(http.post("/subjects/versions-value/versions", "{not json").status()).isEqualTo(400);
    }

    @Test
    void settingsDisableOrConfigureTheRegistry() {
        try (Tributary off = Tributary.embedded().config("schema.registry.enable", "false").start()) {
            assertThat(new RegistryHttp(off.httpPort()).get("/subjects").status()).isEqualTo(404);
        }
        try (Tributary full = Tributary.embedded().config("schema.compatibility.level", "full_transitive").start()) {
            assertThat(new RegistryHttp(full.httpPort()).get("/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("FULL_TRANSITIVE");
        }
        assertThatThrownBy(() -> Tributary.embedded().config("schema.compatibility.level", "sideways").start())
                .hasMessageContaining("schema.compatibility.level");
    }
}
