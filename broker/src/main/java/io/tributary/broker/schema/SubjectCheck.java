package io.tributary.broker.schema;

/**
 * Checks the framed schema ids of one batch's records against their subjects, remembering the last answer for a
 * key and for a value (a batch's records mostly share one schema). Messages complete "Record n of the batch ...".
 * Not thread-safe: one per batch.
 */
final class SubjectCheck {

    private final String topic;
    private final SchemaLookup lookup;
    private final int[] lastOkId = {-1, -1};

    SubjectCheck(String topic, SchemaLookup lookup) {
        this.topic = topic;
        this.lookup = lookup;
    }

    /**
     * Why a record's key ({@code isKey}) or value with framed id {@code id} is refused; null when it passes.
     *
     * @param id {@link SchemaValidation#NULL}, {@link SchemaValidation#UNFRAMED} or a schema id
     */
    String problem(boolean isKey, SubjectNameStrategy strategy, int id) {
        String part = isKey ? "key" : "value";
        if (id == SchemaValidation.NULL) {
            return null;
        }
        if (id == SchemaValidation.UNFRAMED) {
            return "has no schema id framing in its " + part
                    + " (expected magic byte 0 and a 4-byte schema id before the payload)";
        }
        int slot = isKey ? 0 : 1;
        if (lastOkId[slot] == id) {
            return null;
        }
        String recordName = null;
        if (strategy.needsRecordName()) {
            recordName = lookup.recordName(id);
            if (recordName == null) {
                return "has schema id " + id + " in its " + part
                        + ", which is not a registered schema with a record name";
            }
        }
        String subject = strategy.subject(topic, isKey, recordName);
        if (!lookup.isVersionOf(subject, id)) {
            return "has schema id " + id + " in its " + part + ": schema id " + id
                    + " is not registered under subject " + subject;
        }
        lastOkId[slot] = id;
        return null;
    }
}
