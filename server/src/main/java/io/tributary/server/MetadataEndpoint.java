package io.tributary.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tributary.broker.Broker;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.quorum.ImageSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /cluster/metadata}: the metadata image this node has applied, as
 * {@code {"clusterId":..,"nodeId":..,"offset":..,"digest":..}} (see {@link ImageSnapshot#digest}),
 * so tools and tests can check that every node of a cluster holds the same metadata. 503 until
 * the broker has started. Thread-safe.
 */
final class MetadataEndpoint implements HttpHandler {

    private final AtomicReference<Broker> broker;

    MetadataEndpoint(AtomicReference<Broker> broker) {
        this.broker = broker;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Broker b = broker.get();
            int status;
            String body;
            if (!ex.getRequestMethod().equals("GET")) {
                status = 405;
                body = "{\"error\":\"only GET\"}";
            } else if (b == null) {
                status = 503;
                body = "{\"error\":\"the broker has not started\"}";
            } else {
                MetadataImage image = b.context().image();
                status = 200;
                body = "{\"clusterId\":\"" + image.clusterId() + "\",\"nodeId\":" + b.context().settings().nodeId()
                        + ",\"offset\":" + image.offset() + ",\"digest\":\"" + ImageSnapshot.digest(image) + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
