package io.tributary.registry;

import io.tributary.registry.schema.CompatibilityLevel;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.SchemaReference;
import io.tributary.registry.store.RegistryRecord;
import io.tributary.registry.store.RegistryState;
import io.tributary.registry.store.SchemaContent;
import io.tributary.registry.store.SchemaStore;
import io.tributary.registry.store.StoredSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Every change to the registry: registrations, deletions, configs and modes. Each runs as the single writer
 * ({@link SchemaStore#writerLock()}): it catches up with {@code _schemas}, decides from that state which
 * records to append, appends them and returns once they are applied. Thread-safe.
 */
public final class RegistryWrites {

    private static final Set<String> MODES = Set.of("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT");

    private final SchemaRegistry registry;

    RegistryWrites(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** What a decision made under the writer lock returns, and the records it appends. */
    private record Decision<T>(T result, List<RegistryRecord> records) {}

    private <T> T write(Function<RegistryState, Decision<T>> decide) {
        SchemaStore store = registry.store();
        ReentrantLock lock = store.writerLock();
        lock.lock();
        try {
            store.catchUp(registry.timeout());
            Decision<T> d = store.read(decide);
            store.write(d.records(), registry.timeout());
            return d.result();
        } finally {
            lock.unlock();
        }
    }

    /** Registers {@code request} under {@code subject}; returns its id (the existing one if already there). */
    public int register(String subject, RegisterRequest request) {
        checkSubject(subject);
        if (request.schema() != null && request.schema().length() > registry.settings().maxSchemaBytes()) {
            throw RegistryException.invalidSchema("Schema larger than " + registry.settings().maxSchemaBytes()
                    + " characters");
        }
        return write(state -> {
            String mode = SchemaRegistry.mode(state, subject);
            if (mode.startsWith("READONLY")) {
                throw RegistryException.notPermitted("Subject " + subject + " is in read-only mode");
            }
            List<SchemaReference> refs = pinned(state, request.references());
            ParsedSchema parsed = registry.schemas().parse(state, request.schemaType(), request.schema(), refs);
            SchemaContent content = new SchemaContent(parsed.type(), parsed.canonical(), refs);
            for (StoredSchema v : state.versions(subject, false)) {
                if (v.content().equals(content)) {
                    if (request.id() != null && request.id() >= 0 && request.id() != v.id()) {
                        throw RegistryException.idDoesNotMatch("Schema already registered with id " + v.id()
                                + " instead of input id " + request.id());
                    }
                    return new Decision<>(v.id(), List.of());
                }
            }
            boolean importing = mode.equals("IMPORT");
            if (!importing) {
                checkCompatible(state, subject, parsed);
            }
            int id = assignId(state, content, request.id(), importing);
            int version = state.maxVersion(subject) + 1;
            if (importing && request.version() != null && request.version() > 0) {
                version = request.version();
                if (state.version(subject, version).filter(v -> !v.content().equals(content)).isPresent()) {
                    throw RegistryException.notPermitted("Overwrite new schema with version " + version
                            + " of subject " + subject + " is not permitted");
                }
            }
            StoredSchema stored = new StoredSchema(subject, version, id, parsed.type(), parsed.canonical(), refs,
                    false);
            return new Decision<>(id, List.of(new RegistryRecord.Schema(subject, version, stored)));
        });
    }

    private void checkCompatible(RegistryState state, String subject, ParsedSchema parsed) {
        CompatibilityLevel level = registry.compatibility(state, subject);
        List<ParsedSchema> previous = new ArrayList<>();
        if (level != CompatibilityLevel.NONE) {
            state.versions(subject, false).forEach(v -> previous.add(registry.schemas().parse(state, v)));
        }
        List<String> messages = level.check(parsed, previous);
        if (!messages.isEmpty()) {
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema "
                    + "for subject \"" + subject + "\", details: " + messages);
        }
    }

    private static int assignId(RegistryState state, SchemaContent content, Integer requested, boolean importing) {
        Integer existing = state.id(content).orElse(null);
        if (requested == null || requested < 0) {
            if (importing && existing == null) {
                throw RegistryException.notPermitted("In IMPORT mode a new schema must be given its id");
            }
            return existing != null ? existing : state.maxId() + 1;
        }
        if (existing != null && existing.intValue() != requested) {
            throw RegistryException.idDoesNotMatch("Schema already registered with id " + existing
                    + " instead of input id " + requested);
        }
        if (state.schema(requested).filter(c -> !c.equals(content)).isPresent()) {
            throw RegistryException.idDoesNotMatch("Overwrite new schema with id " + requested
                    + " is not permitted: the id stands for another schema");
        }
        return requested;
    }

    /** References with version -1 (latest) replaced by the version they name now. */
    private static List<SchemaReference> pinned(RegistryState state, List<SchemaReference> refs) {
        List<SchemaReference> out = new ArrayList<>();
        for (SchemaReference r : refs) {
            if (r.version() == -1 && r.subject() != null) {
                List<StoredSchema> live = state.versions(r.subject(), false);
                out.add(live.isEmpty() ? r : new SchemaReference(r.name(), r.subject(),
                        live.get(live.size() - 1).version()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryException.invalidSubject(subject);
        }
    }

    /** Deletes every version of {@code subject}; returns the version numbers deleted. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return write(state -> {
            List<StoredSchema> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            checkWritable(state, subject);
            List<StoredSchema> live = state.versions(subject, false);
            if (permanent && !live.isEmpty()) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            if (!permanent && live.isEmpty()) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            List<RegistryRecord> records = new ArrayList<>();
            List<Integer> versions = new ArrayList<>();
            for (StoredSchema v : permanent ? all : live) {
                checkNotReferenced(state, v);
                versions.add(v.version());
                records.add(new RegistryRecord.Schema(subject, v.version(), permanent ? null : v.softDeleted()));
            }
            if (permanent) {
                records.add(new RegistryRecord.Config(subject, null));
                records.add(new RegistryRecord.Mode(subject, null));
            }
            return new Decision<>(versions, records);
        });
    }

    /** Deletes one version ({@code latest} or a number) of {@code subject}; returns its number. */
    public int deleteVersion(String subject, String version, boolean permanent) {
        int requested = SchemaRegistry.parseVersion(version);
        return write(state -> {
            List<StoredSchema> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            checkWritable(state, subject);
            StoredSchema target;
            if (requested == -1) {
                List<StoredSchema> candidates = permanent ? all : state.versions(subject, false);
                if (candidates.isEmpty()) {
                    throw RegistryException.subjectSoftDeleted(subject);
                }
                target = candidates.get(candidates.size() - 1);
            } else {
                target = state.version(subject, requested)
                        .orElseThrow(() -> RegistryException.versionNotFound(requested));
            }
            if (permanent && !target.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, target.version());
            }
            if (!permanent && target.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, target.version());
            }
            checkNotReferenced(state, target);
            return new Decision<>(target.version(), List.of(new RegistryRecord.Schema(subject, target.version(),
                    permanent ? null : target.softDeleted())));
        });
    }

    private static void checkWritable(RegistryState state, String subject) {
        if (SchemaRegistry.mode(state, subject).startsWith("READONLY")) {
            throw RegistryException.notPermitted("Subject " + subject + " is in read-only mode");
        }
    }

    private static void checkNotReferenced(RegistryState state, StoredSchema v) {
        if (!state.referencedBy(v.subject(), v.version()).isEmpty()) {
            throw RegistryException.referenceExists("One or more references exist to the schema {magic=1,"
                    + "keytype=SCHEMA,subject=" + v.subject() + ",version=" + v.version() + "}.");
        }
    }

    /** Sets the compatibility of {@code subject} (null: global); returns the level set. */
    public String setConfig(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level)
                .orElseThrow(() -> RegistryException.invalidCompatibility(level));
        if (subject != null) {
            checkSubject(subject);
        }
        return write(state -> new Decision<>(parsed.name(), List.of(new RegistryRecord.Config(subject,
                parsed.name()))));
    }

    /** Removes the compatibility of {@code subject} (null: global, back to the default); returns the old one. */
    public String deleteConfig(String subject) {
        return write(state -> {
            String old = subject == null ? registry.compatibility(state, null).name()
                    : state.config(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            return new Decision<>(old, List.of(new RegistryRecord.Config(subject, null)));
        });
    }

    /** Sets the mode of {@code subject} (null: global); IMPORT needs an empty registry or subject unless forced. */
    public String setMode(String subject, String mode, boolean force) {
        String m = mode == null ? "" : mode.trim().toUpperCase(Locale.ROOT);
        if (!MODES.contains(m)) {
            throw RegistryException.invalidMode(mode);
        }
        if (subject != null) {
            checkSubject(subject);
        }
        return write(state -> {
            if (m.equals("IMPORT") && !force) {
                boolean empty = subject == null ? state.subjects(true).isEmpty()
                        : state.versions(subject, true).isEmpty();
                if (!empty) {
                    throw RegistryException.notPermitted("Cannot import since found existing subjects");
                }
            }
            return new Decision<>(m, List.of(new RegistryRecord.Mode(subject, m)));
        });
    }

    /** Removes the mode of {@code subject} (null: global, back to READWRITE); returns the old one. */
    public String deleteMode(String subject) {
        return write(state -> {
            String old = subject == null ? SchemaRegistry.mode(state, null)
                    : state.mode(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            return new Decision<>(old, List.of(new RegistryRecord.Mode(subject, null)));
        });
    }
}
