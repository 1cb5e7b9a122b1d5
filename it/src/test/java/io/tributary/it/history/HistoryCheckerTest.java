package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker against hand-built histories: a clean one passes, each planted anomaly is caught. */
class HistoryCheckerTest {

    private final HistoryChecker checker = new HistoryChecker();

    private static CheckResult check(Synthetic s) {
        return new HistoryChecker().check(s.history.ops());
    }

    @Test
    void aCleanHistoryIsValid() {
        Synthetic s = Synthetic.clean(new Random(1), 3, 3, 500);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.stat("acks")).isGreaterThan(300);
        assertThat(r.stat("indeterminate-later-seen")).isPositive();
        assertThat(r.stat("definite-failures")).isPositive();
    }

    @Test
    void aHistoryWithoutFinalReadCannotBeJudged() {
        CheckResult r = check(Synthetic.clean(new Random(2), 2, 2, 50));
        assertThat(r.counts()).containsOnlyKeys(Anomaly.INCOMPLETE_FINAL_READ);
    }

    @Test
    void anAckedValueMissingFromAFinalReadThatWentPastItIsLost() {
        Synthetic s = new Synthetic(1);
        s.write("p0", "p0-0", 0);
        s.write("p0", "p0-1", 0);
        s.write("p0", "p0-2", 0);
        s.finalRead(Set.of("0@1"));
        CheckResult r = check(s);
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isEqualTo(1);
        assertThat(r.count(Anomaly.UNSEEN)).isEqualTo(1);
        assertThat(r.examples(Anomaly.LOST).get(0)).contains("p0-1 acked at t-0@1");
        // the final reader itself jumped over an offset the ack says holds a record
        assertThat(r.count(Anomaly.POLL_SKIP)).isEqualTo(1);
    }

    @Test
    void anAckedValueBeyondTheEndOfTheLogIsUnseenButNotLost() {
        Synthetic s = new Synthetic(1);
        s.write("p0", "p0-0", 0);
        s.write("p0", "p0-1", 0);
        s.log.get(0).remove(1);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.UNSEEN, 1));
    }

    @Test
    void aValueAtTwoOffsetsIsADuplicate() {
        Synthetic s = new Synthetic(2);
        s.write("p0", "p0-0", 0);
        s.write("p0", "p0-1", 1);
        s.append(1, "p0-0");
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.DUPLICATE, 1));
        assertThat(r.examples(Anomaly.DUPLICATE).get(0)).contains("p0-0").contains("t-0@0").contains("t-1@1");
    }

    @Test
    void anotherValueAtAnAckedOffsetIsInconsistentAndTheAckedValueLost() {
        Synthetic s = new Synthetic(1);
        s.write("p0", "p0-0", 0);
        s.write("p0", "p0-1", 0);
        s.write("p1", "p1-0", 0);
        s.log.get(0).set(1, "p1-9");
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.INCONSISTENT_OFFSET, 1, Anomaly.LOST, 1,
                Anomaly.UNSEEN, 1));
        assertThat(r.examples(Anomaly.INCONSISTENT_OFFSET).get(0)).contains("t-0@1").contains("p0-1 (ack by p0")
                .contains("p1-9 (poll by final");
    }

    @Test
    void twoReadsDisagreeingAboutAnOffsetAreInconsistent() {
        Synthetic s = new Synthetic(1);
        s.write("p0", "p0-0", 0);
        s.assign("c1");
        s.seek("c1", 0, 0);
        s.pollRecs("c1", List.of(new Op.Rec(0, 0, null, "p0-0"), new Op.Rec(0, 1, null, "p9-9")));
        s.append(0, "p0-1");
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.INCONSISTENT_OFFSET, 1));
    }

    @Test
    void readingBackwardsWithoutASeekIsCaughtAndWithASeekIsNot() {
        Synthetic s = new Synthetic(1);
        for (int i = 0; i < 6; i++) {
            s.write("p0", "p0-" + i, 0);
        }
        s.assign("c0");
        s.seek("c0", 0, 2);
        s.poll("c0", 0, 2, 3);
        s.poll("c0", 0, 4);
        s.seek("c0", 0, 1);
        s.poll("c0", 0, 1, 2);
        s.poll("c0", 0, 1);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.POLL_BACKWARDS, 1));
        assertThat(r.examples(Anomaly.POLL_BACKWARDS).get(0)).contains("c0 read t-0@1 when due at 3");
    }

    @Test
    void skippingOffsetsThatHoldRecordsIsCaughtButAGapWithNothingInItIsNot() {
        Synthetic s = new Synthetic(1);
        for (int i = 0; i < 6; i++) {
            s.write("p0", "p0-" + i, 0);
        }
        s.assign("c0");
        s.seek("c0", 0, 0);
        s.poll("c0", 0, 0, 1);
        s.poll("c0", 0, 4, 5);
        // offsets 6 and 7 hold records nobody observes (as control records would be): not a skip
        s.append(0, "ctl-6");
        s.append(0, "ctl-7");
        s.write("p0", "p0-8", 0);
        s.assign("c1");
        s.seek("c1", 0, 5);
        s.pollRecs("c1", List.of(new Op.Rec(0, 5, null, "p0-5"), new Op.Rec(0, 8, null, "p0-8")));
        s.finalRead(Set.of("0@6", "0@7"));
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.POLL_SKIP, 1));
        assertThat(r.examples(Anomaly.POLL_SKIP).get(0)).contains("skipping 2 known record(s) from 2 (p0-2)");
    }

    @Test
    void aDefiniteFailureThatWasWrittenIsCaughtAnIndeterminateOneIsNot() {
        Synthetic s = new Synthetic(1);
        s.send("p0", "p0-0", 0);
        s.append(0, "p0-0");
        s.fail("p0", "p0-0", true);
        s.send("p0", "p0-1", 0);
        s.append(0, "p0-1");
        s.fail("p0", "p0-1", false);
        s.send("p0", "p0-2", 0);
        s.fail("p0", "p0-2", true);
        s.finalRead(Set.of());
        CheckResult r = check(s);
        assertThat(r.counts()).as(r.toString()).isEqualTo(Map.of(Anomaly.FAILED_BUT_WRITTEN, 1));
        assertThat(r.examples(Anomaly.FAILED_BUT_WRITTEN).get(0)).startsWith("p0-0 failed");
        assertThat(r.stat("indeterminate-later-seen")).isEqualTo(1);
    }

    @Test
    void aFinalReadThatStopsShortIsIncomplete() {
        Synthetic s = new Synthetic(1);
        s.write("p0", "p0-0", 0);
        s.write("p0", "p0-1", 0);
        s.finalRead(Set.of("0@1"));
        CheckResult r = check(s);
        assertThat(r.count(Anomaly.INCOMPLETE_FINAL_READ)).as(r.toString()).isEqualTo(1);
        assertThat(r.count(Anomaly.UNSEEN)).isEqualTo(1);
        assertThat(r.count(Anomaly.LOST)).isZero();
    }

    @Test
    void aHistoryFileReadsBackAsRecordedAndChecksAlike(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.jsonl");
        List<Op> back;
        Synthetic s;
        try (History h = History.toFile(file, new TickingTime())) {
            s = Synthetic.clean(new Random(3), 2, 2, 200, h);
            long[] where = s.acked.values().iterator().next();
            s.log.get((int) where[0]).set((int) where[1], "p9-9");
            s.finalRead(Set.of());
        }
        back = History.read(file);
        assertThat(back).isEqualTo(s.history.ops());
        assertThat(checker.check(back).counts()).isEqualTo(check(s).counts()).isNotEmpty();
    }
}
