package io.tributary.registry.rest;

/** A response: status, content type and body text. */
public record RestResponse(int status, String contentType, String body) {

    public static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";

    static RestResponse json(int status, String body) {
        return new RestResponse(status, REGISTRY_JSON, body);
    }
}
