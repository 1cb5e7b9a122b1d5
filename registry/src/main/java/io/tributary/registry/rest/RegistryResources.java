package io.tributary.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.RegisterRequest;
import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.schema.SchemaReference;
import io.tributary.registry.store.SchemaContent;
import io.tributary.registry.store.StoredSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The handlers of the REST API, one method per endpoint, answering with Confluent Schema Registry's bodies.
 * Stateless apart from the registry; thread-safe.
 */
final class RegistryResources {

    static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;
    private final Supplier<String> clusterId;

    RegistryResources(SchemaRegistry registry, Supplier<String> clusterId) {
        this.registry = registry;
        this.clusterId = clusterId;
    }

    void routes(Router r) {
        r.add("GET", "/", c -> ok(JSON.createObjectNode()));
        r.add("GET", "/schemas/types", c -> ok(registry.types()));
        r.add("GET", "/schemas", this::listSchemas);
        r.add("GET", "/schemas/ids/{id}", this::schemaById);
        r.add("GET", "/schemas/ids/{id}/schema", c -> raw(registry.schema(id(c)).schema()));
        r.add("GET", "/schemas/ids/{id}/subjects", c -> ok(registry.versionsWithId(id(c), c.flag("deleted"))
                .stream().map(StoredSchema::subject).distinct().sorted().toList()));
        r.add("GET", "/schemas/ids/{id}/versions", this::versionsOfId);
        r.add("GET", "/subjects", c -> ok(registry.subjects(c.flag("deleted"), c.query("subjectPrefix"))));
        r.add("POST", "/subjects/{subject}", this::lookup);
        r.add("DELETE", "/subjects/{subject}", c -> ok(registry.writes().deleteSubject(c.param("subject"),
                c.flag("permanent"))));
        r.add("GET", "/subjects/{subject}/versions", c -> ok(registry.versions(c.param("subject"),
                c.flag("deleted"))));
        r.add("POST", "/subjects/{subject}/versions", this::register);
        r.add("GET", "/subjects/{subject}/versions/{version}", c -> ok(version(registry.version(c.param("subject"),
                c.param("version"), c.flag("deleted")))));
        r.add("GET", "/subjects/{subject}/versions/{version}/schema", c -> raw(registry.version(c.param("subject"),
                c.param("version"), c.flag("deleted")).schema()));
        r.add("GET", "/subjects/{subject}/versions/{version}/referencedby", c -> ok(registry.referencedBy(
                c.param("subject"), c.param("version"))));
        r.add("DELETE", "/subjects/{subject}/versions/{version}", c -> ok(registry.writes().deleteVersion(
                c.param("subject"), c.param("version"), c.flag("permanent"))));
        r.add("POST", "/compatibility/subjects/{subject}/versions/{version}", this::compatibility);
        r.add("POST", "/compatibility/subjects/{subject}/versions", this::compatibility);
        configRoutes(r);
        r.add("GET", "/contexts", c -> ok(List.of(".")));
        r.add("GET", "/v1/metadata/id", c -> ok(metadataId()));
    }

    private void configRoutes(Router r) {
        r.add("GET", "/config", c -> ok(level(registry.config(null, true))));
        r.add("GET", "/config/{subject}", c -> ok(level(registry.config(c.param("subject"),
                c.flag("defaultToGlobal")))));
        r.add("PUT", "/config", c -> ok(compatibility(registry.writes().setConfig(null, compatibilityOf(c)))));
        r.add("PUT", "/config/{subject}", c -> ok(compatibility(registry.writes().setConfig(c.param("subject"),
                compatibilityOf(c)))));
        r.add("DELETE", "/config", c -> ok(level(registry.writes().deleteConfig(null))));
        r.add("DELETE", "/config/{subject}", c -> ok(level(registry.writes().deleteConfig(c.param("subject")))));
        r.add("GET", "/mode", c -> ok(mode(registry.mode(null, true))));
        r.add("GET", "/mode/{subject}", c -> ok(mode(registry.mode(c.param("subject"), c.flag("defaultToGlobal")))));
        r.add("PUT", "/mode", c -> ok(mode(registry.writes().setMode(null, modeOf(c), c.flag("force")))));
        r.add("PUT", "/mode/{subject}", c -> ok(mode(registry.writes().setMode(c.param("subject"), modeOf(c),
                c.flag("force")))));
        r.add("DELETE", "/mode", c -> ok(mode(registry.writes().deleteMode(null))));
        r.add("DELETE", "/mode/{subject}", c -> ok(mode(registry.writes().deleteMode(c.param("subject")))));
    }

    private RestResponse listSchemas(RestCall c) {
        String prefix = c.query("subjectPrefix");
        boolean deleted = c.flag("deleted");
        boolean latestOnly = c.flag("latestOnly");
        ArrayNode out = JSON.createArrayNode();
        for (String subject : registry.subjects(deleted, prefix)) {
            List<Integer> versions = registry.versions(subject, deleted);
            List<Integer> shown = latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions;
            for (int v : shown) {
                out.add(version(registry.version(subject, Integer.toString(v), deleted)));
            }
        }
        return ok(out);
    }

    private RestResponse schemaById(RestCall c) {
        SchemaContent content = registry.schema(id(c));
        ObjectNode out = JSON.createObjectNode();
        if (!content.schemaType().equals("AVRO")) {
            out.put("schemaType", content.schemaType());
        }
        putReferences(out, content.references());
        out.put("schema", content.schema());
        return ok(out);
    }

    private RestResponse versionsOfId(RestCall c) {
        ArrayNode out = JSON.createArrayNode();
        for (StoredSchema s : registry.versionsWithId(id(c), c.flag("deleted"))) {
            out.addObject().put("subject", s.subject()).put("version", s.version());
        }
        return ok(out);
    }

    private RestResponse register(RestCall c) {
        int id = registry.writes().register(c.param("subject"), request(c));
        return ok(JSON.createObjectNode().put("id", id));
    }

    private RestResponse lookup(RestCall c) {
        return ok(version(registry.lookup(c.param("subject"), request(c), c.flag("deleted"))));
    }

    private RestResponse compatibility(RestCall c) {
        List<String> messages = registry.checkCompatibility(c.param("subject"), c.param("version"), request(c));
        ObjectNode out = JSON.createObjectNode().put("is_compatible", messages.isEmpty());
        if (c.flag("verbose")) {
            ArrayNode m = out.putArray("messages");
            messages.forEach(m::add);
        }
        return ok(out);
    }

    private ObjectNode metadataId() {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode scope = out.putObject("scope");
        scope.putArray("path");
        scope.putObject("clusters").put("kafka-cluster", clusterId.get())
                .put("schema-registry-cluster", "schema-registry");
        return out;
    }

    static RegisterRequest request(RestCall c) {
        JsonNode body = c.requireBody();
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("The request needs the schema as a string in \"schema\"");
        }
        List<SchemaReference> refs = new ArrayList<>();
        JsonNode references = body.path("references");
        if (!references.isMissingNode() && !references.isNull() && !references.isArray()) {
            throw RegistryException.invalidSchema("\"references\" must be an array");
        }
        for (JsonNode r : references) {
            if (!r.path("name").isTextual() || !r.path("subject").isTextual() || !r.path("version").canConvertToInt()) {
                throw RegistryException.invalidSchema("Invalid reference " + r
                        + ": it needs \"name\", \"subject\" and \"version\"");
            }
            refs.add(new SchemaReference(r.get("name").asText(), r.get("subject").asText(),
                    r.get("version").asInt()));
        }
        JsonNode type = body.get("schemaType");
        return new RegisterRequest(schema.asText(), type == null || type.isNull() ? null : type.asText(), refs,
                intOrNull(body.get("id")), intOrNull(body.get("version")));
    }

    private static Integer intOrNull(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt()) {
            throw RegistryException.badRequest("Not an integer: " + n);
        }
        return n.asInt();
    }

    private static String compatibilityOf(RestCall c) {
        JsonNode body = c.requireBody();
        JsonNode level = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        return level == null || level.isNull() ? null : level.asText();
    }

    private static String modeOf(RestCall c) {
        JsonNode mode = c.requireBody().get("mode");
        return mode == null || mode.isNull() ? null : mode.asText();
    }

    private static int id(RestCall c) {
        try {
            return Integer.parseInt(c.param("id"));
        } catch (NumberFormatException e) {
            throw new RegistryException(404, 40403, "Schema " + c.param("id") + " not found");
        }
    }

    static ObjectNode version(StoredSchema s) {
        ObjectNode out = JSON.createObjectNode();
        out.put("subject", s.subject()).put("version", s.version()).put("id", s.id());
        if (!s.schemaType().equals("AVRO")) {
            out.put("schemaType", s.schemaType());
        }
        putReferences(out, s.references());
        out.put("schema", s.schema());
        if (s.deleted()) {
            out.put("deleted", true);
        }
        return out;
    }

    private static void putReferences(ObjectNode out, List<SchemaReference> refs) {
        if (refs.isEmpty()) {
            return;
        }
        ArrayNode a = out.putArray("references");
        for (SchemaReference r : refs) {
            a.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
        }
    }

    private static ObjectNode level(String level) {
        return JSON.createObjectNode().put("compatibilityLevel", level);
    }

    private static ObjectNode compatibility(String level) {
        return JSON.createObjectNode().put("compatibility", level);
    }

    private static ObjectNode mode(String mode) {
        return JSON.createObjectNode().put("mode", mode);
    }

    private static RestResponse raw(String schema) {
        return RestResponse.json(200, schema);
    }

    static RestResponse ok(Object body) {
        try {
            return RestResponse.json(200, JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
