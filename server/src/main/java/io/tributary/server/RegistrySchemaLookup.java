package io.tributary.server;

import io.tributary.broker.schema.SchemaLookup;
import io.tributary.registry.SchemaRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the broker's schema validation from the node's schema registry, in memory (the registry's view of
 * {@code _schemas}). The registry's store starts at its first request; a lookup before that starts it on a
 * thread of its own (never on the produce path, which would wait on the node's own listener) and is answered
 * with a retriable COORDINATOR_LOAD_IN_PROGRESS, so the producer retries until the registry has loaded.
 *
 * <p>Thread-safety: thread-safe; at most one background start runs at a time.
 */
final class RegistrySchemaLookup implements SchemaLookup {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySchemaLookup.class);

    private final Supplier<SchemaRegistry> registry;
    private final AtomicBoolean starting = new AtomicBoolean();
    private volatile SchemaRegistry built;

    /** @param registry the node's registry, built if it was not */
    RegistrySchemaLookup(Supplier<SchemaRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public boolean isVersionOf(String subject, int id) {
        return started().isVersionOf(subject, id);
    }

    @Override
    public String recordName(int id) {
        return started().recordName(id);
    }

    private SchemaRegistry started() {
        SchemaRegistry r = built;
        if (r == null) {
            r = registry.get();
            built = r;
        }
        if (r.started()) {
            return r;
        }
        if (starting.compareAndSet(false, true)) {
            SchemaRegistry toStart = r;
            Thread t = new Thread(() -> {
                try {
                    toStart.start();
                } catch (RuntimeException e) {
                    LOG.warn("The schema registry did not start for schema validation; the next record retries", e);
                } finally {
                    starting.set(false);
                }
            }, "tributary-registry-start");
            t.setDaemon(true);
            t.start();
        }
        throw new CoordinatorLoadInProgressException("The schema registry is loading its schemas to validate "
                + "records against them; retry");
    }
}
