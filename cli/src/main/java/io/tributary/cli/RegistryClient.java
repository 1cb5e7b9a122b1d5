package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A schema registry's REST API (Confluent's, as Tributary's node serves it) for the {@code schema} commands:
 * JSON in and out; an error body becomes a {@link CliException} with the registry's message. Not thread-safe.
 */
final class RegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String base;
    private final Duration timeout;
    private final HttpClient http;

    RegistryClient(String url, Duration timeout) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    JsonNode put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw CliException.failed("invalid registry URL " + base + path + ": " + e.getMessage(),
                    "Use --registry http://HOST:PORT.");
        }
    }

    private static String json(Object body) {
        try {
            return Output.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(timeout).header("Accept", CONTENT_TYPE).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the schema registry at " + base,
                    "Use --registry or TRIBUTARY_REGISTRY_URL (the node's HTTP listener).", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "schema registry at " + base + ": " + e.getMessage(), null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted", null);
        }
        JsonNode body;
        try {
            body = Output.JSON.readTree(r.body().isEmpty() ? "null" : r.body());
        } catch (IOException e) {
            throw CliException.failed("the schema registry answered " + r.statusCode() + " with: " + r.body(), null);
        }
        if (r.statusCode() >= 400) {
            throw CliException.failed(body.path("message").asText("HTTP " + r.statusCode())
                    + " (error " + body.path("error_code").asText(Integer.toString(r.statusCode())) + ")", null);
        }
        return body;
    }
}
