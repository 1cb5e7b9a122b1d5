package io.tributary.broker.group.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class AssignorTest {

    private static final Uuid T1 = Uuid.randomUuid();
    private static final Uuid T2 = Uuid.randomUuid();
    private static final Map<Uuid, Assignor.TopicSpec> TOPICS = Map.of(
            T1, new Assignor.TopicSpec(T1, "t1", 6), T2, new Assignor.TopicSpec(T2, "t2", 3));

    private static List<Assignor.MemberSpec> members(int n, Set<Uuid> topics) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Assignor.MemberSpec("m" + i, topics)).toList();
    }

    private static void assertEveryPartitionOnce(Map<String, Map<Uuid, Set<Integer>>> a, int expected) {
        Set<String> seen = new HashSet<>();
        a.values().forEach(m -> m.forEach((t, ps) -> ps.forEach(p -> assertThat(seen.add(t + "-" + p)).isTrue())));
        assertThat(seen).hasSize(expected);
    }

    private static int count(Map<Uuid, Set<Integer>> m) {
        return m.values().stream().mapToInt(Set::size).sum();
    }

    @Test
    void rangeGivesContiguousRangesPerTopic() {
        var a = new RangeAssignor().assign(members(4, Set.of(T1, T2)), TOPICS, Map.of());
        assertEveryPartitionOnce(a, 9);
        assertThat(a.get("m0").get(T1)).containsExactly(0, 1);
        assertThat(a.get("m1").get(T1)).containsExactly(2, 3);
        assertThat(a.get("m2").get(T1)).containsExactly(4);
        assertThat(a.get("m3").get(T1)).containsExactly(5);
        assertThat(a.get("m0").get(T2)).containsExactly(0);
        assertThat(a.get("m3")).doesNotContainKey(T2);
    }

    @Test
    void uniformBalancesAndIsSticky() {
        UniformAssignor u = new UniformAssignor();
        var first = u.assign(members(3, Set.of(T1, T2)), TOPICS, Map.of());
        assertEveryPartitionOnce(first, 9);
        first.values().forEach(m -> assertThat(count(m)).isEqualTo(3));
        var fourMembers = members(4, Set.of(T1, T2));
        var second = u.assign(fourMembers, TOPICS, first);
        assertEveryPartitionOnce(second, 9);
        second.values().forEach(m -> assertThat(count(m)).isBetween(2, 3));
        int moved = 0;
        for (String m : List.of("m0", "m1", "m2")) {
            for (var e : first.get(m).entrySet()) {
                for (int p : e.getValue()) {
                    if (!second.get(m).getOrDefault(e.getKey(), Set.of()).contains(p)) {
                        moved++;
                    }
                }
            }
        }
        assertThat(moved).as("only the new member's share moves").isEqualTo(count(second.get("m3")));
    }

    @Test
    void uniformRespectsSubscriptions() {
        List<Assignor.MemberSpec> ms = List.of(new Assignor.MemberSpec("a", Set.of(T1)),
                new Assignor.MemberSpec("b", Set.of(T1, T2)), new Assignor.MemberSpec("c", Set.of()));
        var a = new UniformAssignor().assign(ms, TOPICS, new HashMap<>());
        assertEveryPartitionOnce(a, 9);
        assertThat(a.get("a")).doesNotContainKey(T2);
        assertThat(a.get("c")).isEmpty();
    }
}
