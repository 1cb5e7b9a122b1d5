package io.tributary.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered table of configuration keys, parsing raw string maps into typed values. */
public final class ConfigDef {

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, ConfigType type, Object defaultValue, Validator validator, String doc) {
        if (keys.containsKey(name)) {
            throw new IllegalStateException("Configuration " + name + " is defined twice");
        }
        ConfigKey key = new ConfigKey(name, type, defaultValue, validator, doc);
        if (defaultValue != null) {
            key.validator().ensureValid(name, defaultValue);
        }
        keys.put(name, key);
        return this;
    }

    public ConfigDef define(String name, ConfigType type, Object defaultValue, String doc) {
        return define(name, type, defaultValue, Validator.NONE, doc);
    }

    /** The keys in definition order. */
    public Map<String, ConfigKey> keys() {
        return Collections.unmodifiableMap(keys);
    }

    /** Parses every defined key from {@code raw}; undefined keys in {@code raw} are ignored here. */
    public Map<String, Object> parse(Map<String, String> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            values.put(key.name(), key.parse(raw.get(key.name())));
        }
        return values;
    }
}
