package io.tributary.storage;

/**
 * An OffsetsForLeaderEpoch answer: the largest known leader epoch at or below the requested one
 * and the offset at which it ended (the log end offset for the current epoch); (-1, -1) when
 * undefined.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);
}
