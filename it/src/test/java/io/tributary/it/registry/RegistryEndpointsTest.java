package io.tributary.it.registry;

import static io.tributary.it.registry.RegistryRestTest.USER_V1;
import static io.tributary.it.registry.RegistryRestTest.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.it.registry.RegistryHttp.Reply;
import io.tributary.server.Tributary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema registry's endpoints beyond registration: ids, lookups, deletions, references, configs, modes,
 * contexts and metadata, each with its success body and its Confluent error codes.
 */
class RegistryEndpointsTest {

    private static final String JSON_V1 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
            + "\"additionalProperties\":false}";
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
    void schemasById() {
        int id = http.register("ids-value", "JSON", JSON_V1).json().get("id").asInt();
        assertThat(http.register("ids-other", "JSON", JSON_V1).json().get("id").asInt()).isEqualTo(id);
        Reply byId = http.get("/schemas/ids/" + id);
        assertThat(byId.json().get("schemaType").asText()).isEqualTo("JSON");
        assertThat(byId.json().get("schema").asText()).isEqualTo(JSON_V1);
        assertThat(http.get("/schemas/ids/" + id + "/schema").json().toString()).isEqualTo(JSON_V1);
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString())
                .isEqualTo("[\"ids-other\",\"ids-value\"]");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .contains("{\"subject\":\"ids-value\",\"version\":1}");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().size()).isEqualTo(2);
        assertThat(http.get("/schemas/types").json().toString()).contains("AVRO", "JSON", "PROTOBUF");
        assertThat(http.get("/schemas/ids/abc").errorCode()).isEqualTo(40403);
        assertThat(http.get("/schemas?subjectPrefix=ids-").json().size()).isEqualTo(2);
    }

    @Test
    void lookupFindsTheVersionOfASchema() {
        http.register("lookup-value", null, USER_V1);
        http.register("lookup-value", null, USER_V2);
        Reply found = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(null, USER_V1));
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("subject").asText()).isEqualTo("lookup-value");
        Reply missing = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(null,
                USER_V1.replace("User", "Other")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
        assertThat(http.post("/subjects/nobody", RegistryHttp.schemaBody(null, USER_V1)).errorCode()).isEqualTo(40401);
    }

    @Test
    void softAndPermanentDeletion() {
        http.register("del-value", null, USER_V1);
        http.register("del-value", null, USER_V2);
        assertThat(http.delete("/subjects/del-value/versions/1?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.delete("/subjects/del-value/versions/1").json().asInt()).isEqualTo(1);
        assertThat(http.delete("/subjects/del-value/versions/1").errorCode()).isEqualTo(40406);
        assertThat(http.get("/subjects/del-value/versions").json().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects/del-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/del-value/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/del-value/versions/1?deleted=true").status()).isEqualTo(200);
        assertThat(http.delete("/subjects/del-value/versions/1?permanent=true").json().asInt()).isEqualTo(1);
        assertThat(http.delete("/subjects/del-value?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(http.delete("/subjects/del-value").json().toString()).isEqualTo("[2]");
        assertThat(http.delete("/subjects/del-value").errorCode()).isEqualTo(40404);
        assertThat(http.get("/subjects").json().toString()).doesNotContain("\"del-value\"");
        assertThat(http.get("/subjects?deleted=true").json().toString()).contains("\"del-value\"");
        assertThat(http.delete("/subjects/del-value?permanent=true").json().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects?deleted=true").json().toString()).doesNotContain("\"del-value\"");
        assertThat(http.delete("/subjects/del-value").errorCode()).isEqualTo(40401);
    }

    @Test
    void referencesAreResolvedAndProtected() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        String user = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"t.Address\"}]}";
        http.register("address", null, address);
        ObjectNode body = RegistryHttp.schemaBody(null, user);
        body.putArray("references").addObject().put("name", "t.Address").put("subject", "address").put("version", 1);
        Reply r = http.post("/subjects/person-value/versions", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        int id = r.json().get("id").asInt();
        assertThat(http.get("/subjects/address/versions/1/referencedby").json().toString()).isEqualTo("[" + id + "]");
        assertThat(http.get("/schemas/ids/" + id).json().get("references").get(0).get("subject").asText())
                .isEqualTo("address");
        assertThat(http.delete("/subjects/address/versions/1").errorCode()).isEqualTo(42206);
        ObjectNode dangling = RegistryHttp.schemaBody(null, user);
        dangling.putArray("references").addObject().put("name", "t.Address").put("subject", "nothing")
                .put("version", 1);
        assertThat(http.post("/subjects/person2-value/versions", dangling).errorCode()).isEqualTo(42201);
    }

    @Test
    void configsGlobalAndPerSubject() {
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(http.get("/config/cfg-value").errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/cfg-value?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        Reply put = http.put("/config/cfg-value", "{\"compatibility\":\"NONE\"}");
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/cfg-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        http.register("cfg-value", null, USER_V1);
        assertThat(http.register("cfg-value", null, "\"string\"").status()).isEqualTo(200);
        assertThat(http.put("/config/cfg-value", "{\"compatibility\":\"SIDEWAYS\"}").errorCode()).isEqualTo(42203);
        assertThat(http.delete("/config/cfg-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/cfg-value").errorCode()).isEqualTo(40408);
    }

    @Test
    void modesGuardWritesAndImportTakesIds() {
        assertThat(http.get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
        assertThat(http.put("/mode/ro-value", "{\"mode\":\"READONLY\"}").json().get("mode").asText())
                .isEqualTo("READONLY");
        Reply refused = http.register("ro-value", null, USER_V1);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo(42205);
        assertThat(http.put("/mode/ro-value", "{\"mode\":\"SOMETIMES\"}").errorCode()).isEqualTo(42204);
        assertThat(http.delete("/mode/ro-value").json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(http.get("/mode/ro-value").errorCode()).isEqualTo(40409);
        assertThat(http.put("/mode/imp-value", "{\"mode\":\"IMPORT\"}").json().get("mode").asText())
                .isEqualTo("IMPORT");
        ObjectNode body = RegistryHttp.schemaBody(null, USER_V1.replace("User", "Imported"));
        body.put("id", 5000).put("version", 3);
        Reply imported = http.post("/subjects/imp-value/versions", body);
        assertThat(imported.json().get("id").asInt()).as(imported.text()).isEqualTo(5000);
        assertThat(http.get("/subjects/imp-value/versions/3").json().get("id").asInt()).isEqualTo(5000);
        ObjectNode clash = RegistryHttp.schemaBody(null, USER_V1.replace("User", "Clash"));
        clash.put("id", 5000);
        assertThat(http.post("/subjects/imp-value/versions", clash).errorCode()).isEqualTo(42207);
        assertThat(http.put("/mode", "{\"mode\":\"IMPORT\"}").errorCode()).isEqualTo(42205);
        http.delete("/mode/imp-value");
        assertThat(http.register("after-import", null, USER_V1.replace("User", "Fresh")).json().get("id").asInt())
                .isGreaterThan(5000);
    }

    @Test
    void contextsMetadataAndUnknownPaths() {
        assertThat(http.get("/contexts").json().toString()).isEqualTo("[\".\"]");
        assertThat(http.get("/v1/metadata/id").json().at("/scope/clusters/kafka-cluster").asText()).isNotEmpty();
        assertThat(http.get("/").json().toString()).isEqualTo("{}");
        Reply unknown = http.get("/subjects/x/nonsense");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        assertThat(http.put("/subjects", "{}").status()).isEqualTo(405);
        assertThat(http.post("/subjects/x/versions", "{\"schemaType\":\"AVRO\"}").errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/x/versions", "[1,2]").status()).isEqualTo(400);
        assertThat(http.register("x", "XML", "<a/>").errorCode()).isEqualTo(42201);
        assertThat(http.get("/metrics").text()).contains("tributary_registry_requests_seconds_count");
    }

    @Test
    void subjectsWithSlashesAndPrefixes() {
        assertThat(http.register("team%2Forders-value", null, USER_V1).status()).isEqualTo(200);
        assertThat(http.get("/subjects?subjectPrefix=team/").json().toString()).isEqualTo("[\"team/orders-value\"]");
        assertThat(http.get("/subjects/team%2Forders-value/versions/latest").json().get("subject").asText())
                .isEqualTo("team/orders-value");
    }
}
