package io.tributary.broker.schema;

import org.apache.kafka.common.InvalidRecordException;

/**
 * What broker-side schema validation asks of a schema registry: whether a schema id is a live version of a
 * subject, and the record name of a schema (for the record name strategies). The server answers from the node's
 * registry; the broker does not know the registry otherwise. Answers come from memory: they are asked for every
 * record of a validated topic on the produce path.
 *
 * <p>An implementation may throw a retriable {@link org.apache.kafka.common.errors.ApiException} when it cannot
 * answer yet (its registry is loading): the producer retries. Implementations are thread-safe.
 */
public interface SchemaLookup {

    /** A node without a schema registry: every validated record is refused, saying so. */
    SchemaLookup NONE = new SchemaLookup() {
        @Override
        public boolean isVersionOf(String subject, int id) {
            throw noRegistry();
        }

        @Override
        public String recordName(int id) {
            throw noRegistry();
        }
    };

    /** Whether schema {@code id} is registered under {@code subject} in a version that is not deleted. */
    boolean isVersionOf(String subject, int id);

    /**
     * The fully qualified record name of schema {@code id} (an Avro named type, a Protobuf file's first message, a
     * JSON schema's title); null when the id is not registered or its schema names no record.
     */
    String recordName(int id);

    private static InvalidRecordException noRegistry() {
        return new InvalidRecordException("Schema validation is enabled on this topic but this node serves no "
                + "schema registry (schema.registry.enable=false)");
    }
}
