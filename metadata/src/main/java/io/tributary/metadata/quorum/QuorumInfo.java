package io.tributary.metadata.quorum;

import java.util.List;

/**
 * The metadata quorum as DescribeQuorum reports it.
 *
 * @param leaderId the leader's node id, -1 if none is known
 * @param leaderEpoch the leader's term
 * @param highWatermark the newest committed offset
 * @param voters the voters with their replication state (log end offsets are known on the leader)
 * @param observers nodes that follow the log without voting
 */
public record QuorumInfo(int leaderId, int leaderEpoch, long highWatermark, List<Replica> voters,
        List<Replica> observers) {

    public QuorumInfo {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    /**
     * One replica of the metadata log.
     *
     * @param logEndOffset -1 if unknown
     * @param lastFetchTimestamp -1 if unknown, in ms since the epoch
     * @param lastCaughtUpTimestamp -1 if unknown
     */
    public record Replica(int nodeId, long logEndOffset, long lastFetchTimestamp, long lastCaughtUpTimestamp,
            String host, int port) {}
}
