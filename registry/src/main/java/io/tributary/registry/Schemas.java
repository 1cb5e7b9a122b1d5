package io.tributary.registry;

import io.tributary.registry.schema.AvroFormat;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.json.JsonSchemaFormat;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.proto.ProtobufFormat;
import io.tributary.registry.schema.ResolvedReference;
import io.tributary.registry.schema.SchemaFormat;
import io.tributary.registry.schema.SchemaReference;
import io.tributary.registry.store.RegistryState;
import io.tributary.registry.store.SchemaContent;
import io.tributary.registry.store.StoredSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses schemas of every supported format with their references resolved from the registry's state, and
 * caches what parsed (by content: type, text and references). Thread-safe.
 */
final class Schemas {

    private static final int MAX_REFERENCE_DEPTH = 32;
    private static final int MAX_CACHED = 10_000;

    private final Map<String, SchemaFormat> formats = new LinkedHashMap<>();
    private final Map<SchemaContent, ParsedSchema> cache = new ConcurrentHashMap<>();

    Schemas() {
        for (SchemaFormat f : List.of(new JsonSchemaFormat(), new ProtobufFormat(), new AvroFormat())) {
            formats.put(f.type(), f);
        }
    }

    /** The supported {@code schemaType}s. */
    List<String> types() {
        return List.copyOf(formats.keySet());
    }

    /**
     * Parses {@code schema} of {@code type}, its references resolved in {@code state}.
     *
     * @throws RegistryException 42201 when it does not parse or a reference does not resolve
     */
    ParsedSchema parse(RegistryState state, String type, String schema, List<SchemaReference> references) {
        SchemaFormat format = formats.get(type);
        if (format == null) {
            throw RegistryException.invalidSchema("Invalid schema type " + type + "; supported: " + types());
        }
        if (schema == null || schema.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        SchemaContent key = new SchemaContent(type, schema, references);
        ParsedSchema cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<ResolvedReference> resolved = new ArrayList<>();
        resolve(state, references, resolved, new HashSet<>(), 0);
        ParsedSchema parsed;
        try {
            parsed = format.parse(schema, resolved);
        } catch (InvalidSchemaException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("Invalid schema: " + e);
        }
        if (cache.size() < MAX_CACHED) {
            cache.put(key, parsed);
        }
        return parsed;
    }

    /** Parses a version already registered. */
    ParsedSchema parse(RegistryState state, StoredSchema stored) {
        return parse(state, stored.schemaType(), stored.schema(), stored.references());
    }

    private static void resolve(RegistryState state, List<SchemaReference> refs, List<ResolvedReference> out,
            Set<String> seen, int depth) {
        if (depth > MAX_REFERENCE_DEPTH) {
            throw RegistryException.invalidSchema("Schema references nest deeper than " + MAX_REFERENCE_DEPTH);
        }
        for (SchemaReference ref : refs) {
            if (ref.name() == null || ref.subject() == null) {
                throw RegistryException.invalidSchema("Invalid reference " + ref + ": name and subject are required");
            }
            StoredSchema target = target(state, ref);
            if (!seen.add(target.subject() + "\u0000" + target.version())) {
                continue;
            }
            resolve(state, target.references(), out, seen, depth + 1);
            out.add(new ResolvedReference(ref.name(), target.schema()));
        }
    }

    private static StoredSchema target(RegistryState state, SchemaReference ref) {
        if (ref.version() == -1) {
            List<StoredSchema> live = state.versions(ref.subject(), false);
            if (!live.isEmpty()) {
                return live.get(live.size() - 1);
            }
        } else {
            StoredSchema s = state.version(ref.subject(), ref.version()).orElse(null);
            if (s != null) {
                return s;
            }
        }
        throw RegistryException.invalidSchema("Invalid schema reference: subject '" + ref.subject()
                + "' version " + ref.version() + " (named '" + ref.name() + "') is not registered");
    }
}
