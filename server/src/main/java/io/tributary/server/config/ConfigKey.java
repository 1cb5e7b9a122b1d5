package io.tributary.server.config;

/**
 * One configuration key: name, type, default (null = unset unless given), validator and doc.
 *
 * @param defaultValue the parsed default; null means the key is optional with no value
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, Validator validator, String doc) {

    public ConfigKey {
        validator = validator == null ? Validator.NONE : validator;
    }

    public boolean isSensitive() {
        return type == ConfigType.PASSWORD;
    }

    /** Parses and validates {@code raw}; null or (for optional keys) blank yields the default. */
    Object parse(String raw) {
        if (raw == null) {
            return defaultValue;
        }
        String trimmed = raw.trim();
        if (trimmed.isEmpty() && defaultValue == null && type != ConfigType.STRING && type != ConfigType.LIST) {
            return null;
        }
        Object value = type.parse(name, trimmed);
        validator.ensureValid(name, value);
        return value;
    }
}
