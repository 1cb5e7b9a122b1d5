package io.tributary.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A registered broker. Immutable.
 *
 * @param epoch the metadata offset of the registration of its current incarnation; heartbeats
 *     must name it
 * @param incarnationId the registering process's id (null for registrations written before
 *     incarnations were recorded)
 */
public record BrokerImage(int id, List<BrokerEndpoint> endpoints, String rack, boolean fenced, long epoch,
        String incarnationId) {

    public BrokerImage {
        endpoints = List.copyOf(endpoints);
    }

    public BrokerImage(int id, List<BrokerEndpoint> endpoints, String rack, boolean fenced) {
        this(id, endpoints, rack, fenced, -1L, null);
    }

    public Optional<BrokerEndpoint> endpoint(String listener) {
        return endpoints.stream().filter(e -> e.listener().equals(listener)).findFirst();
    }

    /** This broker with {@code fenced} changed. */
    public BrokerImage withFenced(boolean value) {
        return new BrokerImage(id, endpoints, rack, value, epoch, incarnationId);
    }
}
