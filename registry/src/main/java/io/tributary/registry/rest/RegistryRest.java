package io.tributary.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry's REST API over a {@link SchemaRegistry}, independent of the HTTP server that
 * carries it: {@link #handle} takes a method, path, query and body and returns status, content type and body.
 * Every failure is a JSON error body ({@code {"error_code":..,"message":..}}); nothing a client sends makes it
 * throw.
 *
 * <p>Meters (when given a registry): {@code tributary.registry.requests} (timer, tags {@code route},
 * {@code method}, {@code status}), {@code tributary.registry.errors} (counter, tag {@code error_code}),
 * {@code tributary.registry.subjects} and {@code tributary.registry.schemas} (gauges).
 *
 * <p>Thread-safe.
 */
public final class RegistryRest {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRest.class);
    /** The path prefixes this API serves, for servers that dispatch by prefix. */
    public static final java.util.List<String> PREFIXES = RegistryPaths.PREFIXES;

    private final Router router = new Router();
    private final MeterRegistry meters;
    private final Time time;

    /**
     * @param clusterId the Kafka cluster id, for {@code /v1/metadata/id}
     * @param meters where to record request meters; null for none
     */
    public RegistryRest(SchemaRegistry registry, Supplier<String> clusterId, MeterRegistry meters, Time time) {
        this.meters = meters;
        this.time = time;
        new RegistryResources(registry, clusterId).routes(router);
        if (meters != null) {
            Gauge.builder("tributary.registry.subjects", registry, r -> r.counts()[0])
                    .description("Subjects with a live version in the schema registry").register(meters);
            Gauge.builder("tributary.registry.schemas", registry, r -> r.counts()[1])
                    .description("Schema ids in use in the schema registry").register(meters);
        }
    }

    /**
     * Serves one request.
     *
     * @param query decoded query parameters
     * @param body the request body, empty if none
     */
    public RestResponse handle(String method, String path, Map<String, String> query, byte[] body) {
        long start = time.nanoseconds();
        Router.Match match = router.match(method.equals("HEAD") ? "GET" : method, path);
        String route = match == null ? "unmatched" : match.handler() == null ? "unmatched" : match.pattern();
        RestResponse response;
        try {
            if (match == null) {
                response = error(404, 404, "HTTP 404 Not Found");
            } else if (match.handler() == null) {
                response = error(405, 405, "HTTP 405 Method Not Allowed (allowed: " + match.pattern() + ")");
            } else {
                response = match.handler().handle(new RestCall(match.params(), query, parse(body)));
            }
        } catch (RegistryException e) {
            response = error(e.status(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Schema registry request {} {} failed", method, path, e);
            response = error(500, 50001, "Error in the schema registry: " + e);
        }
        record(route, method, response, time.nanoseconds() - start);
        return response;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return RegistryResources.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 50005, "Invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** An error body with Confluent's fields. */
    public static RestResponse error(int status, int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        try {
            return RestResponse.json(status, RegistryResources.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(String route, String method, RestResponse response, long nanos) {
        if (meters == null) {
            return;
        }
        Timer.builder("tributary.registry.requests").description("Schema registry REST requests")
                .tags("route", route, "method", method, "status", Integer.toString(response.status()))
                .register(meters).record(java.time.Duration.ofNanos(Math.max(0, nanos)));
        if (response.status() >= 400) {
            String code = errorCode(response);
            Counter.builder("tributary.registry.errors").description("Schema registry error responses")
                    .tag("error_code", code).register(meters).increment();
        }
    }

    private static String errorCode(RestResponse response) {
        try {
            return RegistryResources.JSON.readTree(response.body()).path("error_code").asText("unknown");
        } catch (JsonProcessingException e) {
            return "unknown";
        }
    }
}
