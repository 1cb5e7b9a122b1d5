package io.tributary.metadata.controller;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.ConfigRecord;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.config.BrokerConfigDef;
import io.tributary.metadata.config.ConfigType;
import io.tributary.metadata.config.TopicConfigDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * The controller's decisions about configs: AlterConfigs (the full set of a resource's overrides
 * replaced) and IncrementalAlterConfigs (SET, DELETE, APPEND, SUBTRACT), for topics and for
 * brokers (cluster-wide default {@code ""} or one broker id), with Kafka's validation. Every entry
 * of a resource is validated before any record is decided, so a resource changes entirely or not
 * at all. Pure functions of the image; they return the records to commit.
 */
public final class ConfigOperations {

    /** Kafka's AlterConfigOp.OpType, by id. */
    public enum Op {
        SET, DELETE, APPEND, SUBTRACT;

        public static Op forId(byte id) {
            if (id < 0 || id >= values().length) {
                return null;
            }
            return values()[id];
        }
    }

    /** One incremental change of a config. */
    public record Change(String name, Op op, String value) {}

    private ConfigOperations() {}

    /**
     * IncrementalAlterConfigs for each resource (the caller has dropped duplicate resources).
     *
     * @param staticBrokerKeys the names of this node's static (read-only) broker configs
     */
    public static ControllerResult<Map<ConfigResource, ApiError>> incrementalAlter(MetadataImage image,
            Map<ConfigResource, List<Change>> changes, boolean validateOnly, Set<String> staticBrokerKeys) {
        Map<ConfigResource, ApiError> results = new LinkedHashMap<>();
        List<MetadataRecord> records = new ArrayList<>();
        for (Map.Entry<ConfigResource, List<Change>> e : changes.entrySet()) {
            ConfigResource r = e.getKey();
            try {
                Map<String, String> current = current(image, r);
                Map<String, String> next = applyIncremental(r, current, e.getValue());
                validate(r, next, e.getValue().stream().map(Change::name).toList(), staticBrokerKeys);
                if (!validateOnly) {
                    records.addAll(diff(r, current, next));
                }
                results.put(r, ApiError.NONE);
            } catch (ConfigProblem p) {
                results.put(r, p.error);
            }
        }
        return new ControllerResult<>(records, results);
    }

    /** AlterConfigs: each resource's overrides become exactly {@code configs}. */
    public static ControllerResult<Map<ConfigResource, ApiError>> alter(MetadataImage image,
            Map<ConfigResource, Map<String, String>> configs, boolean validateOnly, Set<String> staticBrokerKeys) {
        Map<ConfigResource, ApiError> results = new LinkedHashMap<>();
        List<MetadataRecord> records = new ArrayList<>();
        for (Map.Entry<ConfigResource, Map<String, String>> e : configs.entrySet()) {
            ConfigResource r = e.getKey();
            try {
                Map<String, String> current = current(image, r);
                Map<String, String> next = new HashMap<>(e.getValue());
                for (Map.Entry<String, String> c : e.getValue().entrySet()) {
                    if (c.getValue() == null) {
                        throw new ConfigProblem(r.type() == ConfigResource.Type.TOPIC ? Errors.INVALID_CONFIG
                                : Errors.INVALID_REQUEST, "Null value not supported for : " + c.getKey());
                    }
                }
                Set<String> touched = new TreeSet<>(next.keySet());
                validate(r, next, List.copyOf(touched), staticBrokerKeys);
                if (!validateOnly) {
                    records.addAll(diff(r, current, next));
                }
                results.put(r, ApiError.NONE);
            } catch (ConfigProblem p) {
                results.put(r, p.error);
            }
        }
        return new ControllerResult<>(records, results);
    }

    private static Map<String, String> current(MetadataImage image, ConfigResource r) {
        switch (r.type()) {
            case TOPIC -> {
                try {
                    Topic.validate(r.name());
                } catch (InvalidTopicException e) {
                    throw new ConfigProblem(Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
                }
                TopicImage t = image.topic(r.name()).orElse(null);
                if (t == null) {
                    throw new ConfigProblem(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                            "The topic '" + r.name() + "' does not exist.");
                }
                return t.configs();
            }
            case BROKER -> {
                if (!r.name().isEmpty()) {
                    try {
                        if (Integer.parseInt(r.name()) < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new ConfigProblem(Errors.INVALID_REQUEST, "Invalid broker name " + r.name());
                    }
                }
                return image.brokerConfigs(r.name());
            }
            default -> throw new ConfigProblem(Errors.INVALID_REQUEST, "Unsupported resource type " + r.type()
                    + " for resource " + r.name());
        }
    }

    private static Map<String, String> applyIncremental(ConfigResource r, Map<String, String> current,
            List<Change> changes) {
        Set<String> seen = new java.util.HashSet<>();
        for (Change c : changes) {
            if (!seen.add(c.name())) {
                throw new ConfigProblem(Errors.INVALID_REQUEST, "Error due to duplicate config keys");
            }
        }
        Map<String, String> next = new HashMap<>(current);
        for (Change c : changes) {
            if (c.op() == null) {
                throw new ConfigProblem(Errors.INVALID_REQUEST, "Unknown alter config operation for " + c.name());
            }
            TopicConfigDef.Key key = keyOf(r, c.name());
            switch (c.op()) {
                case SET -> {
                    if (c.value() == null) {
                        throw new ConfigProblem(errorFor(r), "Null value not supported for : " + c.name());
                    }
                    next.put(c.name(), c.value());
                }
                case DELETE -> next.remove(c.name());
                case APPEND, SUBTRACT -> {
                    if (key != null && key.type() != ConfigType.LIST) {
                        throw new ConfigProblem(Errors.INVALID_CONFIG,
                                "Config value append is not allowed for config key: " + c.name());
                    }
                    String base = next.containsKey(c.name()) ? next.get(c.name())
                            : key == null || key.defaultValue() == null ? "" : key.defaultValue();
                    List<String> items = new ArrayList<>(parts(base));
                    List<String> given = c.value() == null ? List.of() : parts(c.value());
                    if (c.op() == Op.APPEND) {
                        for (String g : given) {
                            if (!items.contains(g)) {
                                items.add(g);
                            }
                        }
                    } else {
                        items.removeAll(given);
                    }
                    next.put(c.name(), String.join(",", items));
                }
                default -> throw new IllegalStateException();
            }
        }
        return next;
    }

    private static List<String> parts(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static TopicConfigDef.Key keyOf(ConfigResource r, String name) {
        return (r.type() == ConfigResource.Type.TOPIC ? TopicConfigDef.key(name) : BrokerConfigDef.key(name))
                .orElse(null);
    }

    private static Errors errorFor(ConfigResource r) {
        return r.type() == ConfigResource.Type.TOPIC ? Errors.INVALID_CONFIG : Errors.INVALID_REQUEST;
    }

    /** Checks the names touched and every resulting value; throws the first problem found. */
    private static void validate(ConfigResource r, Map<String, String> next, List<String> touched,
            Set<String> staticBrokerKeys) {
        if (r.type() == ConfigResource.Type.TOPIC) {
            Map<String, String> check = new LinkedHashMap<>();
            for (String name : touched) {
                if (next.containsKey(name)) {
                    check.put(name, next.get(name));
                } else if (TopicConfigDef.key(name).isEmpty()) {
                    throw new ConfigProblem(Errors.INVALID_CONFIG, "Unknown topic config name: " + name);
                }
            }
            String problem = TopicConfigDef.validate(check);
            if (problem != null) {
                throw new ConfigProblem(Errors.INVALID_CONFIG, problem);
            }
            return;
        }
        Set<String> readOnly = new TreeSet<>();
        for (String name : touched) {
            if (BrokerConfigDef.key(name).isEmpty()) {
                if (staticBrokerKeys.contains(name)) {
                    readOnly.add(name);
                } else {
                    throw new ConfigProblem(Errors.INVALID_CONFIG, "Unknown broker config name: " + name);
                }
            }
        }
        if (!readOnly.isEmpty()) {
            throw new ConfigProblem(Errors.INVALID_REQUEST, "Invalid config value for resource " + r
                    + ": Cannot update these configs dynamically: " + readOnly);
        }
        for (String name : touched) {
            String value = next.get(name);
            if (value == null) {
                continue;
            }
            TopicConfigDef.Key key = BrokerConfigDef.key(name).orElseThrow();
            String problem = key.type().check(name, value, key.min(), key.allowed());
            if (problem != null) {
                throw new ConfigProblem(Errors.INVALID_CONFIG, problem);
            }
        }
    }

    private static List<MetadataRecord> diff(ConfigResource r, Map<String, String> current, Map<String, String> next) {
        String type = r.type() == ConfigResource.Type.TOPIC ? "topic" : "broker";
        List<MetadataRecord> out = new ArrayList<>();
        for (String name : new TreeSet<>(current.keySet())) {
            if (!next.containsKey(name)) {
                out.add(new ConfigRecord(type, r.name(), name, null));
            }
        }
        for (String name : new TreeSet<>(next.keySet())) {
            if (!next.get(name).equals(current.get(name))) {
                out.add(new ConfigRecord(type, r.name(), name, next.get(name)));
            }
        }
        return out;
    }

    /** A resource's change refused; nothing of that resource is committed. */
    private static final class ConfigProblem extends RuntimeException {
        private final ApiError error;

        ConfigProblem(Errors error, String message) {
            super(message, null, false, false);
            this.error = new ApiError(error, message);
        }
    }
}
