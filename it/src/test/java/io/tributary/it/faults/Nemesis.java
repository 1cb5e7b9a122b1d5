package io.tributary.it.faults;

/**
 * One kind of fault, injected into a running {@link FaultCluster} while the workload runs, and healed
 * again before {@link #run} returns (the test heals once more afterwards, whatever happened). Each
 * step is recorded as a {@code FAULT} op in the history by the cluster. Implementations are small and
 * stateless; waits are bounded.
 */
interface Nemesis {

    /** Injects the fault once and heals it. */
    void run(NemesisContext ctx) throws Exception;
}
