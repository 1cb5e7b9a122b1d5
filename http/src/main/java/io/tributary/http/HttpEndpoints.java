package io.tributary.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational HTTP endpoints of a node on each {@code http.listeners} address:
 * {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}.
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} on daemon threads shared by all listeners (two, eight
 * with more endpoints, made on demand). Only {@code http://} is served; {@code https://} is refused at start.
 *
 * <p>Lifecycle: {@link #start} binds every listener or none; {@link #close} is idempotent.
 * Thread-safety: safe for concurrent requests; readiness is read on every request.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final List<HttpServer> servers;
    private final ExecutorService executor;

    private HttpEndpoints(List<HttpServer> servers, ExecutorService executor) {
        this.servers = servers;
        this.executor = executor;
    }

    /**
     * Binds every listener and starts serving.
     *
     * @param listeners {@code http://host:port} addresses; port 0 picks a free port
     * @param metrics the scraped registry
     * @param ready whether the node accepts Kafka clients (answers {@code /health/ready})
     * @throws UncheckedIOException when an address cannot be bound
     * @throws IllegalArgumentException for a scheme other than http
     */
    public static HttpEndpoints start(List<URI> listeners, TributaryMetrics metrics, BooleanSupplier ready) {
        return start(listeners, metrics, ready, Map.of());
    }

    /**
     * Binds every listener and starts serving, with more endpoints: each handler serves the paths under its
     * prefix (e.g. the schema registry's {@code /subjects}).
     */
    public static HttpEndpoints start(List<URI> listeners, TributaryMetrics metrics, BooleanSupplier ready,
            Map<String, HttpHandler> more) {
        // two threads for the operational endpoints, more for handlers that may wait (the schema registry waits
        // for its topic); threads are made when needed and end after 30 s idle
        int threads = more.isEmpty() ? 2 : 8;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tributary-http");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (URI uri : listeners) {
                if (!"http".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("http.listeners: " + uri + ": only http:// is served yet");
                }
                HttpServer server = HttpServer.create(new InetSocketAddress(uri.getHost(), uri.getPort()), 64);
                server.createContext("/metrics", ex -> serve(ex, 200, PROMETHEUS_TEXT, metrics.scrape()));
                server.createContext("/health/live", ex -> health(ex, true));
                server.createContext("/health/ready", ex -> health(ex, ready.getAsBoolean()));
                more.forEach(server::createContext);
                HttpHandler root = more.get("/");
                if (root == null) {
                    server.createContext("/", ex -> serve(ex, 404, "text/plain; charset=utf-8",
                            "Not found. Try /metrics, /health/live or /health/ready.\n"));
                }
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                LOG.info("HTTP listening on http://{}:{}", uri.getHost(), server.getAddress().getPort());
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(s -> s.stop(0));
            executor.shutdownNow();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot bind http.listeners " + listeners + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        return new HttpEndpoints(List.copyOf(servers), executor);
    }

    /** The port the {@code index}-th listener is bound to. */
    public int port(int index) {
        return servers.get(index).getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        for (HttpServer server : servers) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    private static void health(HttpExchange ex, boolean up) throws IOException {
        serve(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}\n" : "{\"status\":\"DOWN\"}\n");
    }

    private static void serve(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed", ex.getRequestURI(), e);
            throw e;
        }
    }
}
