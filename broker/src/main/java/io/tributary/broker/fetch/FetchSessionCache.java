package io.tributary.broker.fetch;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's fetch sessions, at most {@code max.incremental.fetch.session.cache.slots} of them.
 * When full, a new session evicts the one unused for longest; an evicted consumer gets
 * FETCH_SESSION_ID_NOT_FOUND and starts a new session, as with Apache Kafka.
 *
 * <p>Thread-safety: sessions live in a concurrent map; creation is serialised by this object's
 * monitor so the slot bound holds.
 */
final class FetchSessionCache {

    private final int maxSessions;
    private final AtomicLong uses = new AtomicLong();
    private final Map<Integer, FetchSession> sessions = new ConcurrentHashMap<>();

    FetchSessionCache(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** A new stamp of the use counter, which orders sessions from least to most recently used. */
    long stamp() {
        return uses.incrementAndGet();
    }

    Optional<FetchSession> get(int id) {
        return Optional.ofNullable(sessions.get(id));
    }

    void remove(int id) {
        sessions.remove(id);
    }

    /** A new empty session, or empty when sessions are disabled (zero slots). */
    synchronized Optional<FetchSession> create() {
        if (maxSessions <= 0) {
            return Optional.empty();
        }
        if (sessions.size() >= maxSessions) {
            sessions.values().stream().min(Comparator.comparingLong(FetchSession::lastUse))
                    .ifPresent(oldest -> sessions.remove(oldest.id));
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession session = new FetchSession(id, stamp());
        sessions.put(id, session);
        return Optional.of(session);
    }

    int size() {
        return sessions.size();
    }
}
