package io.tributary.it.faults;

import java.util.function.Supplier;

/**
 * The rows of the fault matrix (docs/reliability.md, R1–R7), each with what it needs from the machine
 * and how many times the short (CI) run injects it.
 */
enum Fault {
    R1_KILL_LEADER(Needs.PROCESSES, 1, KillLeader::new),
    R2_ROLLING_RESTART(Needs.PROCESSES, 1, RollingRestart::new),
    R3_ISOLATED_LEADER(Needs.NAMESPACES, 1, () -> new NetworkPartition(NetworkPartition.Kind.ISOLATED_LEADER)),
    R3_CONTROLLER_IN_MINORITY(Needs.NAMESPACES, 1,
            () -> new NetworkPartition(NetworkPartition.Kind.CONTROLLER_IN_MINORITY)),
    R3_ONE_WAY_TO_LEADER(Needs.NAMESPACES, 1, () -> new NetworkPartition(NetworkPartition.Kind.ONE_WAY_TO_LEADER)),
    R4_PAUSED_LEADER(Needs.PROCESSES, 1, PauseLeader::new),
    R5_PACKET_LOSS(Needs.NAMESPACES, 1, () -> new FlakyNetwork(FlakyNetwork.Kind.LOSS)),
    R5_NETEM_DELAY_REORDER(Needs.NETEM, 1, () -> new FlakyNetwork(FlakyNetwork.Kind.NETEM_DELAY_REORDER)),
    R6_KILL_CONTROLLER_DURING_ELECTION(Needs.PROCESSES, 1, KillControllerDuringElection::new),
    R7_LOST_UNFLUSHED_TAIL(Needs.PROCESSES, 1, LostUnflushedTail::new);

    /** What a fault needs from the machine. */
    enum Needs {
        /** Signals to the node processes only: runs anywhere. */
        PROCESSES,
        /** The nodes in network namespaces (root, ip netns, iptables). */
        NAMESPACES,
        /** Namespaces and a kernel with tc netem. */
        NETEM
    }

    private final Needs needs;
    private final int shortRounds;
    private final Supplier<Nemesis> nemesis;

    Fault(Needs needs, int shortRounds, Supplier<Nemesis> nemesis) {
        this.needs = needs;
        this.shortRounds = shortRounds;
        this.nemesis = nemesis;
    }

    Needs needs() {
        return needs;
    }

    /** How many times the short run injects the fault. */
    int shortRounds() {
        return shortRounds;
    }

    Nemesis nemesis() {
        return nemesis.get();
    }

    /** The topic the fault's workload writes: one per fault, so each history stands alone. */
    String topic() {
        return "fm-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
