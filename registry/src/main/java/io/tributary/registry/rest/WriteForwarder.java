package io.tributary.registry.rest;

import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.WriterLocator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Sends the registry's write requests made to this node to the node that makes the writes ({@link WriterLocator}),
 * as Confluent's registry forwards to its leader: registrations ({@code POST /subjects/{s}/versions}) and every
 * {@code PUT} and {@code DELETE} (deletions, {@code /config}, {@code /mode}). Reads, lookups and compatibility
 * checks are served here, from this node's view of {@code _schemas}.
 *
 * <p>Read-your-write: after the writer answers a forwarded write with success, this node waits until its own view
 * has caught up with the end of the topic, which is past the writer's records (the writer answers once it has read
 * them back). A forwarded request carries {@value #FORWARDED_HEADER} and is never forwarded again, so two nodes
 * whose images disagree about the writer cannot bounce a request between them; the receiving node writes it.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class WriteForwarder {

    /** Marks a request one node forwarded to another. */
    public static final String FORWARDED_HEADER = "X-Tributary-Registry-Forwarded";

    private static final Pattern REGISTER = Pattern.compile("/subjects/[^/]+/versions/?");

    private final SchemaRegistry registry;
    private final WriterLocator locator;
    private final Duration timeout;
    private final HttpClient client;

    public WriteForwarder(SchemaRegistry registry, WriterLocator locator, Duration timeout) {
        this.registry = registry;
        this.locator = locator;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Whether {@code method} on {@code path} changes the registry. */
    static boolean isWrite(String method, String path) {
        return method.equals("PUT") || method.equals("DELETE")
                || method.equals("POST") && REGISTER.matcher(path).matches();
    }

    /**
     * The writer's response when the request is a write that another node makes; null when this node serves it.
     *
     * @param forwarded whether the request came from another node
     */
    public RestResponse forward(String method, String rawPath, String rawQuery, byte[] body, boolean forwarded) {
        if (forwarded || !isWrite(method, rawPath)) {
            return null;
        }
        try {
            registry.start(); // creates _schemas if it is missing: its partition then has a leader
            URI writer = locator.remoteWriter();
            if (writer == null) {
                return null;
            }
            RestResponse response = send(writer, method, rawPath, rawQuery, body);
            if (response.status() / 100 == 2) {
                registry.catchUp();
            }
            return response;
        } catch (RegistryException e) {
            return RegistryRest.error(e.status(), e.errorCode(), e.getMessage());
        }
    }

    private RestResponse send(URI writer, String method, String rawPath, String rawQuery, byte[] body) {
        URI target = URI.create(writer + rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", RestResponse.REGISTRY_JSON).header(FORWARDED_HEADER, "true")
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String type = r.headers().firstValue("Content-Type").orElse(RestResponse.REGISTRY_JSON);
            return new RestResponse(r.statusCode(), type, r.body());
        } catch (IOException e) {
            throw RegistryException.forwardingError("Error while forwarding the request to the registry's writer at "
                    + writer + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.forwardingError("Interrupted while forwarding the request to " + writer);
        }
    }
}
