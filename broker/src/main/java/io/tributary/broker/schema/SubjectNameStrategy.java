package io.tributary.broker.schema;

import java.util.Locale;

/**
 * The subject a record's key or value schema must be registered under, by Confluent's subject name strategies
 * (topic configs {@code confluent.key.subject.name.strategy} and {@code confluent.value.subject.name.strategy},
 * named by the serializer class names). Immutable.
 */
enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: the default. */
    TOPIC("io.confluent.kafka.serializers.subject.TopicNameStrategy"),
    /** The record's fully qualified name. */
    RECORD("io.confluent.kafka.serializers.subject.RecordNameStrategy"),
    /** {@code <topic>-<record name>}. */
    TOPIC_RECORD("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    private final String className;

    SubjectNameStrategy(String className) {
        this.className = className;
    }

    /** The strategy named {@code value} (a class name, compared case-insensitively); TOPIC for null; else null. */
    static SubjectNameStrategy parse(String value) {
        if (value == null) {
            return TOPIC;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SubjectNameStrategy s : values()) {
            if (s.className.toLowerCase(Locale.ROOT).equals(v)) {
                return s;
            }
        }
        return null;
    }

    boolean needsRecordName() {
        return this != TOPIC;
    }

    /** The subject, for a strategy that needs a record name only when {@code recordName} is not null. */
    String subject(String topic, boolean isKey, String recordName) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> recordName;
            case TOPIC_RECORD -> topic + "-" + recordName;
        };
    }
}
