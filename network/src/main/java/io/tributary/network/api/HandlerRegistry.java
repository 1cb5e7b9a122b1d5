package io.tributary.network.api;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The set of API handlers this broker serves, one per API key. Built once at start-up and read
 * concurrently afterwards; registration after {@link #freeze()} is refused.
 */
public final class HandlerRegistry {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private volatile boolean frozen;

    public synchronized HandlerRegistry register(ApiHandler handler) {
        if (frozen) {
            throw new IllegalStateException("registry is frozen");
        }
        ApiHandler previous = handlers.putIfAbsent(handler.apiKey(), handler);
        if (previous != null) {
            throw new IllegalArgumentException("two handlers for " + handler.apiKey());
        }
        if (handler.minVersion() < handler.apiKey().oldestVersion()
                || handler.maxVersion() > handler.apiKey().latestVersion(true)
                || handler.minVersion() > handler.maxVersion()) {
            throw new IllegalArgumentException("bad version range for " + handler.apiKey());
        }
        return this;
    }

    public synchronized HandlerRegistry freeze() {
        frozen = true;
        return this;
    }

    public Optional<ApiHandler> lookup(ApiKeys key) {
        return Optional.ofNullable(handlers.get(key));
    }

    public Collection<ApiHandler> all() {
        return Collections.unmodifiableCollection(handlers.values());
    }
}
