package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timers of one coordinator epoch: all cancelled at its end, including one already on its way. */
class ScopedSchedulerTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final ScopedScheduler scoped = new ScopedScheduler(clock);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunUntilClosedAndNotAfter() {
        scoped.schedule(10, () -> ran.add("early"));
        scoped.schedule(100, () -> ran.add("late"));
        assertThat(scoped.pendingTasks()).isEqualTo(2);

        clock.advance(10);
        assertThat(ran).containsExactly("early");
        assertThat(scoped.pendingTasks()).isEqualTo(1);

        scoped.close();
        scoped.schedule(1, () -> ran.add("after close"));
        clock.advance(1_000);
        assertThat(ran).containsExactly("early");
        assertThat(scoped.pendingTasks()).isZero();
    }

    @Test
    void aTaskHandedToTheShardBeforeCloseDoesNotRunAfterIt() {
        List<Runnable> shardQueue = new ArrayList<>();
        Scheduler queueing = new Scheduler() {
            @Override
            public Cancellable schedule(long delayMs, Runnable task) {
                shardQueue.add(task); // the timer fired at once: the task waits for the shard's thread
                return () -> { };
            }
        };
        ScopedScheduler s = new ScopedScheduler(queueing);
        s.schedule(5, () -> ran.add("timer"));
        s.execute(() -> ran.add("write completed"));

        s.close();
        shardQueue.forEach(Runnable::run);
        assertThat(ran).isEmpty();
    }
}
