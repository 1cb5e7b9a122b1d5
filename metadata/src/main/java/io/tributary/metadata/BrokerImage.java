package io.tributary.metadata;

import java.util.List;
import java.util.Optional;

/** A registered broker. Immutable. */
public record BrokerImage(int id, List<BrokerEndpoint> endpoints, String rack, boolean fenced) {

    public BrokerImage {
        endpoints = List.copyOf(endpoints);
    }

    public Optional<BrokerEndpoint> endpoint(String listener) {
        return endpoints.stream().filter(e -> e.listener().equals(listener)).findFirst();
    }
}
