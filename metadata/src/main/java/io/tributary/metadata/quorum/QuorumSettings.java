package io.tributary.metadata.quorum;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * The replicated quorum's settings.
 *
 * @param nodeId this voter's id
 * @param voters every voter's id and address (its controller listener), {@code controller.quorum.voters}
 * @param storageDir where this voter keeps its Raft log and snapshots
 * @param electionTimeoutMs the shortest election timeout (the longest is twice that)
 */
public record QuorumSettings(int nodeId, Map<Integer, InetSocketAddress> voters, Path storageDir,
        long electionTimeoutMs) {

    public QuorumSettings {
        voters = Map.copyOf(voters);
        if (!voters.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not one of the voters " + voters.keySet());
        }
    }

    /** The voters as {@code controller.quorum.voters} writes them, sorted by id. */
    public String votersString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Integer, InetSocketAddress> v : new TreeMap<>(voters).entrySet()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(v.getKey()).append('@').append(v.getValue().getHostString()).append(':')
                    .append(v.getValue().getPort());
        }
        return b.toString();
    }

    /**
     * The Raft group of this quorum: derived from the voter set, so nodes started with the same
     * voters form one group and a node holding another quorum's log is refused by its peers.
     */
    public RaftGroupId groupId() {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("tributary-metadata:" + votersString())
                .getBytes(StandardCharsets.UTF_8)));
    }
}
