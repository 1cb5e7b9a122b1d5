package io.tributary.registry.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link RegistryRest} on the JDK's HTTP server: reads at most {@code maxBodyBytes} of a request body
 * (413 with a JSON error and {@code Connection: close} beyond), decodes the query, writes the response.
 * Requests are logged at DEBUG.
 * Thread-safe.
 */
public final class RegistryHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final RegistryRest rest;
    private final int maxBodyBytes;
    private final WriteForwarder forwarder;

    public RegistryHttpHandler(RegistryRest rest, int maxBodyBytes) {
        this(rest, maxBodyBytes, null);
    }

    /** @param forwarder sends writes to the node that makes them; null when this node makes every write */
    public RegistryHttpHandler(RegistryRest rest, int maxBodyBytes, WriteForwarder forwarder) {
        this.rest = rest;
        this.maxBodyBytes = maxBodyBytes;
        this.forwarder = forwarder;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            byte[] body = readBody(ex.getRequestBody());
            RestResponse response = body == null
                    ? RegistryRest.error(413, 413, "Request body larger than " + maxBodyBytes + " bytes")
                    : forwarded(ex, method, body);
            if (response == null) {
                response = rest.handle(method, ex.getRequestURI().getRawPath(),
                        query(ex.getRequestURI().getRawQuery()), body);
            }
            LOG.debug("{} {} -> {}", method, ex.getRequestURI(), response.status());
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", response.contentType());
            if (body == null) {
                // The unread rest of the body makes the connection unusable: say so, so that
                // clients open a new one for their next request instead of meeting a reset.
                ex.getResponseHeaders().set("Connection", "close");
            }
            boolean head = method.equals("HEAD");
            ex.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The writer's response to a write another node makes; null when this node serves the request. */
    private RestResponse forwarded(HttpExchange ex, String method, byte[] body) {
        if (forwarder == null) {
            return null;
        }
        boolean fromPeer = ex.getRequestHeaders().containsKey(WriteForwarder.FORWARDED_HEADER);
        return forwarder.forward(method, ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), body,
                fromPeer);
    }

    /** The body, or null if it is longer than the limit. */
    private byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        return bytes.length > maxBodyBytes ? null : bytes;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.putIfAbsent(k, v);
            }
        }
        return out;
    }
}
