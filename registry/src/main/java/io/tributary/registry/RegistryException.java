package io.tributary.registry;

/**
 * A failed registry operation as the REST API reports it: an HTTP status and Confluent Schema Registry's error
 * code and message ({@code {"error_code":40401,"message":"Subject 'x' not found."}}).
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(Object version) {
        return new RegistryException(404, 40402, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(404, 40403, "Schema not found");
    }

    public static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, 40403, "Schema " + id + " not found");
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, 40404,
                "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, 40405,
                "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    public static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40406, "Subject '" + subject + "' Version " + version
                + " was soft deleted.Set permanent=true to delete permanently");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    public static RegistryException compatibilityNotConfigured(String subject) {
        return new RegistryException(404, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    public static RegistryException modeNotConfigured(String subject) {
        return new RegistryException(404, 40409,
                "Subject '" + subject + "' does not have subject-level mode configured");
    }

    public static RegistryException incompatible(String message) {
        return new RegistryException(409, 409, message);
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(422, 42201, message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibility(String level) {
        return new RegistryException(422, 42203, "Invalid compatibility level. Valid values are none, backward, "
                + "forward, full, backward_transitive, forward_transitive, and full_transitive: " + level);
    }

    public static RegistryException invalidMode(String mode) {
        return new RegistryException(422, 42204,
                "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT: " + mode);
    }

    public static RegistryException notPermitted(String message) {
        return new RegistryException(422, 42205, message);
    }

    public static RegistryException referenceExists(String message) {
        return new RegistryException(422, 42206, message);
    }

    public static RegistryException idDoesNotMatch(String message) {
        return new RegistryException(422, 42207, message);
    }

    public static RegistryException invalidSubject(String subject) {
        return new RegistryException(422, 42208, "The specified subject '" + subject + "' is not a valid subject.");
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(400, 400, message);
    }

    /** Confluent's 50003: a write could not be forwarded to the node that makes the registry's writes. */
    public static RegistryException forwardingError(String message) {
        return new RegistryException(500, 50003, message);
    }

    /** Confluent's 50004: no node is known to make the registry's writes. */
    public static RegistryException unknownWriter(String message) {
        return new RegistryException(500, 50004, message);
    }

    public static RegistryException storeError(String message) {
        return new RegistryException(500, 50001, message);
    }

    public static RegistryException timeout(String message) {
        return new RegistryException(500, 50002, message);
    }
}
