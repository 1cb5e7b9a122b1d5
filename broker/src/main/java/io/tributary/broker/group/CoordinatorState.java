package io.tributary.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the coordinator of one {@code __consumer_offsets} partition stands on this broker:
 *
 * <ul>
 *   <li>{@code UNLOADED}: this broker does not lead the partition (never did, or resigned); its
 *       groups get NOT_COORDINATOR and nothing of them is held in memory.
 *   <li>{@code LOADING}: it leads the partition at some leader epoch and is replaying the log;
 *       its groups get COORDINATOR_LOAD_IN_PROGRESS.
 *   <li>{@code ACTIVE}: the replay of that epoch is installed; requests are served.
 *   <li>{@code FAILED}: the replay failed; groups get NOT_COORDINATOR until the next election.
 * </ul>
 *
 * <p>Allowed transitions (anything else is a bug and throws {@link IllegalStateException}):
 * UNLOADED → LOADING (elected); LOADING → ACTIVE (replay done), FAILED (replay failed) or
 * UNLOADED (resigned while loading); ACTIVE → UNLOADED and FAILED → UNLOADED (resigned). A new
 * leader epoch of a partition already led here resigns the old epoch first, then loads again, so
 * every epoch starts from the log and never from what an earlier epoch held in memory.
 */
enum CoordinatorState {
    UNLOADED, LOADING, ACTIVE, FAILED;

    private Set<CoordinatorState> next() {
        return switch (this) {
            case UNLOADED -> EnumSet.of(LOADING);
            case LOADING -> EnumSet.of(ACTIVE, FAILED, UNLOADED);
            case ACTIVE, FAILED -> EnumSet.of(UNLOADED);
        };
    }

    boolean canTransitionTo(CoordinatorState target) {
        return next().contains(target);
    }

    /** Checks the transition to {@code target} and returns it. */
    CoordinatorState transitionTo(CoordinatorState target) {
        if (!canTransitionTo(target)) {
            throw new IllegalStateException("Illegal coordinator transition " + this + " -> " + target);
        }
        return target;
    }
}
