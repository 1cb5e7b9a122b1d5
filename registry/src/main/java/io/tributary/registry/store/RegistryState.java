package io.tributary.registry.store;

import io.tributary.registry.schema.SchemaReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state: what the {@code _schemas} topic says once read up to some offset. {@link #apply} is
 * the only mutator, so two nodes that read the same records hold the same state.
 *
 * <p>Ids: equal {@link SchemaContent}s share one id; a record that would give an id held by a different
 * content is ignored by every reader (first record wins), so ids never stand for two schemas. An id is
 * forgotten once no version (soft-deleted ones included) uses it; {@link #maxId()} still remembers the
 * largest id read, so ids are not handed out twice by this reader.
 *
 * <p>Not thread-safe: the owner ({@link SchemaStore}) guards it.
 */
public final class RegistryState {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    private final Map<String, NavigableMap<Integer, StoredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, SchemaContent> byId = new HashMap<>();
    private final Map<SchemaContent, Integer> idByContent = new HashMap<>();
    private final Map<String, String> configs = new HashMap<>();
    private final Map<String, String> modes = new HashMap<>();
    private int maxId;

    /** Applies one record read from the topic. */
    public void apply(RegistryRecord record) {
        switch (record) {
            case RegistryRecord.Schema s when s.schema() == null -> remove(s.subject(), s.version());
            case RegistryRecord.Schema s -> put(s.schema());
            case RegistryRecord.Config c -> set(configs, c.subject(), c.level());
            case RegistryRecord.Mode m -> set(modes, m.subject(), m.mode());
            case RegistryRecord.Ignored i -> LOG.debug("Skipped a _schemas record: {}", i.reason());
        }
    }

    private static void set(Map<String, String> map, String subject, String value) {
        String key = subject == null ? "" : subject;
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    private void put(StoredSchema schema) {
        SchemaContent content = schema.content();
        SchemaContent holder = byId.get(schema.id());
        if (holder != null && !holder.equals(content)) {
            LOG.warn("Ignored {} version {}: id {} already stands for another schema", schema.subject(),
                    schema.version(), schema.id());
            return;
        }
        StoredSchema previous = subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>())
                .put(schema.version(), schema);
        byId.put(schema.id(), content);
        idByContent.putIfAbsent(content, schema.id());
        maxId = Math.max(maxId, schema.id());
        if (previous != null && previous.id() != schema.id()) {
            forgetIfUnused(previous.id());
        }
    }

    private void remove(String subject, int version) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return;
        }
        StoredSchema removed = versions.remove(version);
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
        if (removed != null) {
            forgetIfUnused(removed.id());
        }
    }

    private void forgetIfUnused(int id) {
        for (NavigableMap<Integer, StoredSchema> versions : subjects.values()) {
            for (StoredSchema s : versions.values()) {
                if (s.id() == id) {
                    return;
                }
            }
        }
        SchemaContent content = byId.remove(id);
        if (content != null) {
            idByContent.remove(content, id);
        }
    }

    /** Subjects with at least one version (a non-deleted one unless {@code includeDeleted}), sorted. */
    public List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                out.add(subject);
            }
        });
        return out;
    }

    /** The versions of {@code subject}, oldest first; soft-deleted ones only if {@code includeDeleted}. */
    public List<StoredSchema> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    public Optional<StoredSchema> version(String subject, int version) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** The largest version number the subject has had (soft-deleted versions count), 0 if none. */
    public int maxVersion(String subject) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    public Optional<SchemaContent> schema(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Integer> id(SchemaContent content) {
        return Optional.ofNullable(idByContent.get(content));
    }

    public int maxId() {
        return maxId;
    }

    /** Whether {@code subject} has a version with id {@code id} that is not deleted. */
    public boolean isLiveVersion(String subject, int id) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return false;
        }
        for (StoredSchema s : versions.values()) {
            if (s.id() == id && !s.deleted()) {
                return true;
            }
        }
        return false;
    }

    /** Every version, of any subject, that has id {@code id}. */
    public List<StoredSchema> versionsWithId(int id, boolean includeDeleted) {
        List<StoredSchema> out = new ArrayList<>();
        for (NavigableMap<Integer, StoredSchema> versions : subjects.values()) {
            for (StoredSchema s : versions.values()) {
                if (s.id() == id && (includeDeleted || !s.deleted())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Ids of the non-deleted versions that reference {@code subject} version {@code version}, ascending. */
    public List<Integer> referencedBy(String subject, int version) {
        List<Integer> out = new ArrayList<>();
        for (NavigableMap<Integer, StoredSchema> versions : subjects.values()) {
            for (StoredSchema s : versions.values()) {
                for (SchemaReference r : s.references()) {
                    if (!s.deleted() && r.subject().equals(subject) && r.version() == version
                            && !out.contains(s.id())) {
                        out.add(s.id());
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The configured compatibility of {@code subject} (null: the global one), if any. */
    public Optional<String> config(String subject) {
        return Optional.ofNullable(configs.get(subject == null ? "" : subject));
    }

    /** The configured mode of {@code subject} (null: the global one), if any. */
    public Optional<String> mode(String subject) {
        return Optional.ofNullable(modes.get(subject == null ? "" : subject));
    }

    /** Number of schema ids in use. */
    public int schemaCount() {
        return byId.size();
    }
}
