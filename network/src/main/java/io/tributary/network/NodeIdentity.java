package io.tributary.network;

import java.util.Objects;

/**
 * Which node of which cluster this broker is: what a client names in an ApiVersions v5+ request
 * (KIP-1242) when it knows whom it wants to reach, so a connection that DNS or a load balancer
 * sent to another broker is detected.
 *
 * @param clusterId the cluster id, as Metadata and DescribeCluster report it
 * @param nodeId this broker's {@code node.id}
 */
public record NodeIdentity(String clusterId, int nodeId) {

    public NodeIdentity {
        Objects.requireNonNull(clusterId, "clusterId");
    }
}
