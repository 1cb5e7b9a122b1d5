package io.tributary.registry.schema;

/** A schema that does not parse or is not valid in its language; the message is shown to the client. */
public final class InvalidSchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message) {
        super(message, null, false, false);
    }
}
