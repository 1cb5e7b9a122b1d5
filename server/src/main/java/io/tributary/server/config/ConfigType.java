package io.tributary.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The value types of configuration keys, with Kafka's parsing rules. */
public enum ConfigType {
    BOOLEAN,
    INT,
    SHORT,
    LONG,
    DOUBLE,
    STRING,
    /** Comma-separated; blank elements are dropped. */
    LIST,
    /** A string never shown in DescribeConfigs or logs. */
    PASSWORD;

    /** Parses {@code raw} (already trimmed) as this type. */
    Object parse(String name, String raw) {
        try {
            return switch (this) {
                case BOOLEAN -> parseBoolean(name, raw);
                case INT -> Integer.parseInt(raw);
                case SHORT -> Short.parseShort(raw);
                case LONG -> Long.parseLong(raw);
                case DOUBLE -> Double.parseDouble(raw);
                case STRING, PASSWORD -> raw;
                case LIST -> raw.isEmpty()
                        ? List.of()
                        : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw, "Not a number of type " + this);
        }
    }

    /** Renders a parsed value back to the string form Kafka's DescribeConfigs shows. */
    String render(Object value) {
        if (value == null) {
            return null;
        }
        if (this == LIST) {
            return String.join(",", castList(value));
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private static Boolean parseBoolean(String name, String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new ConfigException(name, raw, "Expected value to be either true or false");
        };
    }
}
