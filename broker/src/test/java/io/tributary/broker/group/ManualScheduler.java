package io.tributary.broker.group;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/** A clock and a scheduler moved only by the test: {@link #advance} runs the tasks that fall due, in order. */
final class ManualScheduler implements Scheduler, Time {

    private record Task(long dueMs, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.dueMs != b.dueMs ? Long.compare(a.dueMs, b.dueMs) : Long.compare(a.seq, b.seq));
    private long nowMs = 1_000_000;
    private long seq;

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(nowMs + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock by {@code ms}, running every task due on the way at its own time. */
    void advance(long ms) {
        long target = nowMs + ms;
        while (!tasks.isEmpty() && tasks.peek().dueMs <= target) {
            Task t = tasks.poll();
            nowMs = Math.max(nowMs, t.dueMs);
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        nowMs = target;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(nowMs);
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException();
    }
}
