package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random histories of a correct log pass the checker; the same histories with one anomaly planted
 * at a random place fail it with that anomaly.
 */
class HistoryCheckerProperties {

    private static CheckResult check(Synthetic s) {
        return new HistoryChecker().check(s.history.ops());
    }

    private static Synthetic clean(long seed, int partitions) {
        return Synthetic.clean(new Random(seed), 3, partitions, 300);
    }

    /** An acknowledged (partition, offset) chosen by {@code pick}. */
    private static long[] ackedPlace(Synthetic s, int pick) {
        List<long[]> places = new ArrayList<>(s.acked.values());
        places.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return places.get(Math.floorMod(pick, places.size()));
    }

    @Property(tries = 50)
    void cleanHistoriesAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int partitions) {
        Synthetic s = clean(seed, partitions);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.valid()).as(r.toString()).isTrue();
    }

    @Property(tries = 50)
    void anAckedRecordLeftOutOfTheFinalReadIsUnseen(@ForAll long seed, @ForAll int pick) {
        Synthetic s = clean(seed, 2);
        long[] place = ackedPlace(s, pick);
        s.finalRead(Set.of(place[0] + "@" + place[1]));
        CheckResult r = check(s);
        assertThat(r.count(Anomaly.UNSEEN)).as(r.toString()).isEqualTo(1);
        boolean last = place[1] == s.log.get((int) place[0]).size() - 1;
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isEqualTo(last ? 0 : 1);
    }

    @Property(tries = 50)
    void anAckedRecordOverwrittenIsInconsistentAndLost(@ForAll long seed, @ForAll int pick) {
        Synthetic s = clean(seed, 2);
        long[] place = ackedPlace(s, pick);
        s.log.get((int) place[0]).set((int) place[1], "p7-overwritten");
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.count(Anomaly.INCONSISTENT_OFFSET)).as(r.toString()).isEqualTo(1);
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isEqualTo(1);
    }

    @Property(tries = 50)
    void aRecordWrittenTwiceIsADuplicate(@ForAll long seed, @ForAll int pick) {
        Synthetic s = clean(seed, 3);
        long[] place = ackedPlace(s, pick);
        String value = s.log.get((int) place[0]).get((int) place[1]);
        s.append((int) Math.floorMod(place[0] + 1, 3), value);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.DUPLICATE, 1));
    }

    @Property(tries = 50)
    void aConsumerStepBackIsCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 50) int back) {
        Synthetic s = clean(seed, 1);
        s.assign("c9");
        s.seek("c9", 0, 0);
        int size = s.log.get(0).size();
        s.poll("c9", 0, Synthetic.LongRangeOf.of(0, size));
        s.poll("c9", 0, Math.max(0, size - back));
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.POLL_BACKWARDS, 1));
    }
}
