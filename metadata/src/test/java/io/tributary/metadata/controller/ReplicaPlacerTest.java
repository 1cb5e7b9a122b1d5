package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.BrokerImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaPlacerTest {

    /** Brokers 1..racks.length, broker i on racks[i - 1] (null: no rack). */
    private static List<BrokerImage> brokers(String... racks) {
        List<BrokerImage> out = new ArrayList<>();
        for (int i = 0; i < racks.length; i++) {
            out.add(new BrokerImage(i + 1, List.of(), racks[i], false));
        }
        return out;
    }

    private static Map<Integer, String> rackOf(List<BrokerImage> brokers) {
        Map<Integer, String> out = new HashMap<>();
        brokers.forEach(b -> out.put(b.id(), b.rack()));
        return out;
    }

    @Test
    void theRingAlternatesRacks() {
        List<BrokerImage> b = brokers("a", "a", "b", "b", "c", "c");

        assertThat(ReplicaPlacer.rackAlternated(b)).extracting(BrokerImage::id).containsExactly(1, 3, 5, 2, 4, 6);
    }

    @Test
    void everyPartitionsReplicasAreOnDistinctRacksAndLeadersSpread() {
        List<BrokerImage> b = brokers("a", "a", "b", "b", "c", "c");
        Map<Integer, String> racks = rackOf(b);
        Map<Integer, Integer> leaders = new HashMap<>();
        Map<String, Integer> leaderRacks = new HashMap<>();
        for (int p = 0; p < 12; p++) {
            List<Integer> replicas = ReplicaPlacer.place(b, "orders", p, 3);
            assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
            assertThat(replicas.stream().map(racks::get).distinct()).as("racks of %s", replicas).hasSize(3);
            leaders.merge(replicas.get(0), 1, Integer::sum);
            leaderRacks.merge(racks.get(replicas.get(0)), 1, Integer::sum);
        }
        assertThat(leaders).hasSize(6).allSatisfy((broker, count) -> assertThat(count).isEqualTo(2));
        assertThat(leaderRacks).containsOnly(Map.entry("a", 4), Map.entry("b", 4), Map.entry("c", 4));
    }

    @Test
    void unevenRacksStillGetEveryRackBeforeAnyRackTwice() {
        List<BrokerImage> b = brokers("a", "a", "a", "b");
        Map<Integer, String> racks = rackOf(b);
        for (int p = 0; p < 8; p++) {
            List<Integer> two = ReplicaPlacer.place(b, "t", p, 2);
            assertThat(two.stream().map(racks::get)).as("replicas %s", two).containsExactlyInAnyOrder("a", "b");
            List<Integer> four = ReplicaPlacer.place(b, "t", p, 4);
            assertThat(four).containsExactlyInAnyOrder(1, 2, 3, 4);
        }
    }

    @Test
    void moreReplicasThanRacksGoRoundTheRacksAgain() {
        List<BrokerImage> b = brokers("a", "a", "b", "b", "c");
        Map<Integer, String> racks = rackOf(b);
        for (int p = 0; p < 10; p++) {
            List<Integer> replicas = ReplicaPlacer.place(b, "t", p, 4);
            assertThat(replicas).doesNotHaveDuplicates();
            assertThat(replicas.subList(0, 3).stream().map(racks::get)).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void withoutRacksItIsRoundRobinOverTheBrokersById() {
        List<BrokerImage> b = brokers(null, null, null, null);
        int start = Math.floorMod("plain".hashCode(), 4);
        for (int p = 0; p < 4; p++) {
            int leader = (start + p) % 4;
            assertThat(ReplicaPlacer.place(b, "plain", p, 3))
                    .containsExactly(leader + 1, (leader + 1) % 4 + 1, (leader + 2) % 4 + 1);
        }
    }

    @Test
    void laterTurnsShiftTheFollowers() {
        List<BrokerImage> b = brokers(null, null, null, null);
        Set<List<Integer>> pairs = new HashSet<>();
        for (int p = 0; p < 12; p++) {
            pairs.add(ReplicaPlacer.place(b, "shift", p, 2));
        }
        assertThat(pairs).hasSize(12);
    }

    @Test
    void aReplicationFactorAboveTheBrokersIsRefused() {
        assertThatThrownBy(() -> ReplicaPlacer.place(brokers("a", "b"), "t", 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
