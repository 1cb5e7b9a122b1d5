package io.tributary.registry;

import io.tributary.registry.schema.CompatibilityLevel;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.store.RegistryState;
import io.tributary.registry.store.SchemaContent;
import io.tributary.registry.store.SchemaStore;
import io.tributary.registry.store.StoredSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.utils.Time;

/**
 * The schema registry's read side and its entry point: subjects, versions and ids as the REST API reads them,
 * compatibility checks, and the lazily started {@link SchemaStore}. Writes are in {@link RegistryWrites}.
 *
 * <p>Lifecycle: the store starts at the first request after {@link #bootstrap} (the node's listener is known),
 * creating {@code _schemas} if it is missing, as Kafka creates {@code __consumer_offsets} at the first group
 * request; a start that fails is tried again by the next request.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class SchemaRegistry implements AutoCloseable {

    private final RegistrySettings settings;
    private final Time time;
    private static final int MAX_RECORD_NAMES = 100_000;

    private final Schemas schemas = new Schemas();
    private final Map<Integer, String> recordNames = new ConcurrentHashMap<>();
    private final RegistryWrites writes;
    private volatile String bootstrap;
    private volatile SchemaStore store;
    private boolean closed;

    public SchemaRegistry(RegistrySettings settings, Time time) {
        this.settings = settings;
        this.time = time;
        this.writes = new RegistryWrites(this);
    }

    /** The node's Kafka listener ({@code host:port}) is known: requests may start the store. */
    public void bootstrap(String servers) {
        this.bootstrap = servers;
    }

    /** The store, started if it was not. */
    SchemaStore store() {
        SchemaStore s = store;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (closed) {
                throw RegistryException.storeError("The schema registry is shutting down");
            }
            if (store == null) {
                String servers = bootstrap;
                if (servers == null) {
                    throw RegistryException.timeout("The schema registry is starting; try again");
                }
                SchemaStore started = new SchemaStore(servers, settings.topic(), settings.replicationFactor(), time);
                try {
                    started.start(settings.timeout());
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
                store = started;
            }
            return store;
        }
    }

    /** Starts the store if it was not (it loads {@code _schemas}; this may take a while). */
    public void start() {
        store();
    }

    /** Waits until this node's view of the topic holds everything written to it before this call. */
    public void catchUp() {
        store().catchUp(settings.timeout());
    }

    /** Whether the store has been started (it is at the first request). */
    public boolean started() {
        return store != null;
    }

    RegistrySettings settings() {
        return settings;
    }

    Schemas schemas() {
        return schemas;
    }

    Duration timeout() {
        return settings.timeout();
    }

    /** Reads the state. */
    <T> T read(Function<RegistryState, T> query) {
        return store().read(query);
    }

    /** The Kafka cluster id of the node the registry stores its topic in. */
    public String clusterId() {
        return store().clusterId(settings.timeout());
    }

    public RegistryWrites writes() {
        return writes;
    }

    public List<String> types() {
        return schemas.types();
    }

    public List<String> subjects(boolean deleted, String prefix) {
        List<String> all = read(s -> s.subjects(deleted));
        return prefix == null || prefix.isEmpty() || prefix.equals(":*:") ? all
                : all.stream().filter(s -> s.startsWith(prefix)).toList();
    }

    /** Version numbers of {@code subject}; 40401 if it has none. */
    public List<Integer> versions(String subject, boolean deleted) {
        List<StoredSchema> versions = read(s -> s.versions(subject, deleted));
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(StoredSchema::version).toList();
    }

    /** One version ({@code latest}, {@code -1} or a number); soft-deleted ones only if {@code deleted}. */
    public StoredSchema version(String subject, String version, boolean deleted) {
        return read(s -> version(s, subject, version, deleted));
    }

    static StoredSchema version(RegistryState state, String subject, String version, boolean deleted) {
        int v = parseVersion(version);
        List<StoredSchema> all = state.versions(subject, true);
        if (all.isEmpty() || (!deleted && all.stream().allMatch(StoredSchema::deleted))) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (v == -1) {
            List<StoredSchema> live = state.versions(subject, deleted);
            return live.get(live.size() - 1);
        }
        StoredSchema found = state.version(subject, v).orElseThrow(() -> RegistryException.versionNotFound(v));
        if (found.deleted() && !deleted) {
            throw RegistryException.versionNotFound(v);
        }
        return found;
    }

    /** {@code latest} and {@code -1} are -1; otherwise a version in [1, 2^31-1], else 42202. */
    static int parseVersion(String version) {
        if (version == null || version.equals("latest") || version.equals("-1")) {
            return -1;
        }
        try {
            int v = Integer.parseInt(version);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RegistryException.invalidVersion(version);
    }

    public SchemaContent schema(int id) {
        return read(s -> s.schema(id)).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /** The subjects, sorted, that have a version with id {@code id}; 40403 if none. */
    public List<StoredSchema> versionsWithId(int id, boolean deleted) {
        List<StoredSchema> found = read(s -> {
            if (s.schema(id).isEmpty()) {
                throw RegistryException.schemaNotFound(id);
            }
            return s.versionsWithId(id, deleted);
        });
        return found;
    }

    /** Whether schema {@code id} is a version of {@code subject} that is not deleted. Reads memory only. */
    public boolean isVersionOf(String subject, int id) {
        return read(s -> s.isLiveVersion(subject, id));
    }

    /**
     * The record name of schema {@code id} ({@link ParsedSchema#recordName}); null when the id is unknown or its
     * schema names no record. Remembered: an id never stands for another schema.
     */
    public String recordName(int id) {
        String known = recordNames.get(id);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String name = read(s -> s.schema(id).map(c -> {
            try {
                return schemas.parse(s, c.schemaType(), c.schema(), c.references()).recordName();
            } catch (RegistryException e) {
                return null;
            }
        }).orElse(null));
        if (name != null || read(s -> s.schema(id).isPresent())) {
            if (recordNames.size() < MAX_RECORD_NAMES) {
                recordNames.put(id, name == null ? "" : name);
            }
        }
        return name;
    }

    /** Ids of the schemas that reference {@code subject} {@code version}. */
    public List<Integer> referencedBy(String subject, String version) {
        return read(s -> {
            StoredSchema v = version(s, subject, version, false);
            return s.referencedBy(subject, v.version());
        });
    }

    /** The version of {@code subject} whose schema is {@code request}'s; 40401 / 40403 if there is none. */
    public StoredSchema lookup(String subject, RegisterRequest request, boolean deleted) {
        return read(s -> {
            List<StoredSchema> versions = s.versions(subject, deleted);
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            ParsedSchema parsed = schemas.parse(s, request.schemaType(), request.schema(), request.references());
            SchemaContent content = new SchemaContent(parsed.type(), parsed.canonical(), request.references());
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (versions.get(i).content().equals(content)) {
                    return versions.get(i);
                }
            }
            throw RegistryException.schemaNotFound();
        });
    }

    /** The compatibility level in force for {@code subject}: its own, else the global one, else the default. */
    CompatibilityLevel compatibility(RegistryState state, String subject) {
        Optional<String> level = subject == null ? Optional.empty() : state.config(subject);
        return level.or(() -> state.config(null)).flatMap(CompatibilityLevel::parse)
                .orElse(settings.defaultCompatibility());
    }

    /** The configured compatibility of {@code subject} (null: global); with {@code fallback} the level in force. */
    public String config(String subject, boolean fallback) {
        return read(s -> {
            if (subject == null || fallback) {
                return compatibility(s, subject).name();
            }
            return s.config(subject).orElseThrow(() -> RegistryException.compatibilityNotConfigured(subject));
        });
    }

    /** The mode in force for {@code subject}: its own, else the global one, else READWRITE. */
    static String mode(RegistryState state, String subject) {
        Optional<String> mode = subject == null ? Optional.empty() : state.mode(subject);
        return mode.or(() -> state.mode(null)).orElse("READWRITE");
    }

    public String mode(String subject, boolean fallback) {
        return read(s -> {
            if (subject == null || fallback) {
                return mode(s, subject);
            }
            return s.mode(subject).orElseThrow(() -> RegistryException.modeNotConfigured(subject));
        });
    }

    /**
     * Why {@code request} may not be registered under {@code subject} next to {@code version} (null: the
     * versions the subject's level compares with); empty when it may.
     */
    public List<String> checkCompatibility(String subject, String version, RegisterRequest request) {
        return read(s -> {
            ParsedSchema candidate = schemas.parse(s, request.schemaType(), request.schema(), request.references());
            CompatibilityLevel level = compatibility(s, subject);
            List<StoredSchema> live = s.versions(subject, false);
            List<ParsedSchema> previous = new ArrayList<>();
            if (version == null) {
                live.forEach(v -> previous.add(schemas.parse(s, v)));
            } else if (!live.isEmpty() || parseVersion(version) != -1) {
                previous.add(schemas.parse(s, version(s, subject, version, false)));
                level = nonTransitive(level);
            }
            return level.check(candidate, previous);
        });
    }

    private static CompatibilityLevel nonTransitive(CompatibilityLevel level) {
        return switch (level) {
            case BACKWARD_TRANSITIVE -> CompatibilityLevel.BACKWARD;
            case FORWARD_TRANSITIVE -> CompatibilityLevel.FORWARD;
            case FULL_TRANSITIVE -> CompatibilityLevel.FULL;
            default -> level;
        };
    }

    /** Number of subjects with a live version, and of schema ids; zeros before the store started. */
    public int[] counts() {
        SchemaStore s = store;
        return s == null ? new int[2] : s.read(st -> new int[] {st.subjects(false).size(), st.schemaCount()});
    }

    @Override
    public void close() {
        SchemaStore s;
        synchronized (this) {
            closed = true;
            s = store;
        }
        if (s != null) {
            s.close();
        }
    }
}
