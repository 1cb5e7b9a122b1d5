package io.tributary.server.config;

/**
 * A configuration value that does not parse or is out of range. The message names the key and the
 * value, in Apache Kafka's wording: {@code Invalid value X for configuration KEY: reason}.
 */
public final class ConfigException extends IllegalArgumentException {

    private final String name;

    public ConfigException(String name, Object value, String reason) {
        super("Invalid value " + value + " for configuration " + name + (reason == null ? "" : ": " + reason));
        this.name = name;
    }

    /** A problem that is not about a single key's value (e.g. an unreadable file). */
    public ConfigException(String message) {
        super(message);
        this.name = null;
    }

    /** The offending key, or null when the problem is not about one key. */
    public String name() {
        return name;
    }
}
