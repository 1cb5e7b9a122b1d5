package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {

    private final DeadlineTimer timer = new DeadlineTimer(r -> new Thread(r, "test-timer"));

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void runsTasksInDeadlineOrderAndMarksThemExpired() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Timeout late = timer.newTimeout(t -> ran.add("late"), 80, TimeUnit.MILLISECONDS);
        Timeout early = timer.newTimeout(t -> ran.add("early"), 10, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);

        assertThat(ran).containsExactly("early", "late");
        assertThat(early.isExpired()).isTrue();
        assertThat(late.isExpired()).isTrue();
        assertThat(late.cancel()).isFalse();
    }

    @Test
    void aCancelledTimeoutNeverRunsAndAFailingTaskDoesNotStopTheTimer() {
        List<String> ran = new CopyOnWriteArrayList<>();
        // a deadline far enough away that a loaded machine still cancels it in time; "after" comes later
        Timeout cancelled = timer.newTimeout(t -> ran.add("cancelled"), 1000, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> {
            throw new IllegalStateException("boom");
        }, 0, TimeUnit.MILLISECONDS);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        timer.newTimeout(t -> ran.add("after"), 1100, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("after"));

        assertThat(ran).containsExactly("after");
    }

    @Test
    void refusesNewTimeoutsOnceStopped() {
        timer.stop();

        assertThatThrownBy(() -> timer.newTimeout(t -> { }, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalStateException.class);
    }
}
