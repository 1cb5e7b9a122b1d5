package io.tributary.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group and the transitions allowed between them (Apache Kafka's
 * classic group life cycle):
 *
 * <pre>
 * Empty ──join──▶ PreparingRebalance ──barrier──▶ CompletingRebalance ──leader sync──▶ Stable
 *   ▲                 │   ▲                              │                               │
 *   └──all left───────┘   └────member change / leave─────┴───────────────────────────────┘
 * any ──▶ Dead (group deleted or its offsets expired)
 * </pre>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String wireName;

    GroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name Kafka's ListGroups/DescribeGroups use for this state. */
    public String wireName() {
        return wireName;
    }

    /** The states this one may be entered from. */
    Set<GroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(GroupState.class);
        };
    }

    public boolean canTransitionFrom(GroupState previous) {
        return validPrevious().contains(previous);
    }

    /** Parses a state filter as ListGroups sends it (case-insensitive); null when unknown. */
    public static GroupState parse(String name) {
        for (GroupState s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
