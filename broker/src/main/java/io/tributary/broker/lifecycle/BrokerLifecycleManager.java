package io.tributary.broker.lifecycle;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.Controller;
import io.tributary.metadata.controller.Controller.BrokerHeartbeat;
import io.tributary.metadata.controller.Controller.BrokerRegistration;
import io.tributary.metadata.controller.Controller.HeartbeatReply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.StaleBrokerEpochException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's life as the controller sees it: it registers (with a new incarnation id per process
 * start), heartbeats every {@code broker.heartbeat.interval.ms}, is unfenced once it has applied the
 * metadata up to its registration, and at shutdown asks for a controlled shutdown (its leaderships
 * move away) before it stops serving.
 *
 * <p>State machine: NEW → REGISTERING → FENCED → RUNNING → SHUTTING_DOWN → STOPPED; a heartbeat
 * answered with a stale epoch (the controller lost or replaced the registration) goes back to
 * REGISTERING. Transitions are checked.
 *
 * <p>Thread-safety: registration and heartbeats run on this manager's own thread; {@link #state()}
 * may be read from any thread.
 */
public final class BrokerLifecycleManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycleManager.class);
    private static final long RETRY_BACKOFF_MS = 200;

    /** The broker's lifecycle states. */
    public enum State {
        NEW, REGISTERING, FENCED, RUNNING, SHUTTING_DOWN, STOPPED;

        boolean canMoveTo(State next) {
            return switch (this) {
                case NEW -> next == REGISTERING || next == STOPPED;
                case REGISTERING -> next == FENCED || next == SHUTTING_DOWN || next == STOPPED;
                case FENCED -> next == RUNNING || next == REGISTERING || next == SHUTTING_DOWN || next == STOPPED;
                case RUNNING -> next == FENCED || next == REGISTERING || next == SHUTTING_DOWN || next == STOPPED;
                case SHUTTING_DOWN -> next == STOPPED;
                case STOPPED -> false;
            };
        }
    }

    private final int brokerId;
    private final Controller controller;
    private final Supplier<MetadataImage> image;
    private final Time time;
    private final long heartbeatIntervalMs;
    private final Uuid incarnationId = Uuid.randomUuid();
    private final ScheduledExecutorService thread;
    private volatile State state = State.NEW;
    private volatile long brokerEpoch = -1;
    private BrokerRegistration registration; // lifecycle thread only

    public BrokerLifecycleManager(int brokerId, Controller controller, Supplier<MetadataImage> image, Time time,
            long heartbeatIntervalMs) {
        this.brokerId = brokerId;
        this.controller = controller;
        this.image = image;
        this.time = time;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-broker-lifecycle");
            t.setDaemon(true);
            return t;
        });
    }

    public State state() {
        return state;
    }

    public long brokerEpoch() {
        return brokerEpoch;
    }

    /**
     * Registers with {@code endpoints} and heartbeats until this broker is unfenced; heartbeats then
     * go on in the background. Fails when that takes longer than {@code timeoutMs}.
     */
    public void start(List<BrokerEndpoint> endpoints, String rack, long timeoutMs) {
        CompletableFuture<Void> unfenced = new CompletableFuture<>();
        thread.execute(() -> {
            registration = new BrokerRegistration(brokerId, incarnationId, endpoints, rack);
            transition(State.REGISTERING);
            scheduleBeat(0, unfenced);
        });
        try {
            unfenced.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Broker " + brokerId + " was not admitted by the controller within "
                    + timeoutMs + " ms (state " + state + "); is a quorum of controllers running?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Broker " + brokerId + " could not register: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering", e);
        }
    }

    private void scheduleBeat(long delayMs, CompletableFuture<Void> unfenced) {
        if (thread.isShutdown()) {
            return;
        }
        thread.schedule(() -> beat(unfenced), delayMs, TimeUnit.MILLISECONDS);
    }

    /** One step on the lifecycle thread: register if needed, else heartbeat; schedules the next. */
    private void beat(CompletableFuture<Void> unfenced) {
        State s = state;
        if (s == State.SHUTTING_DOWN || s == State.STOPPED) {
            return;
        }
        try {
            if (s == State.REGISTERING) {
                brokerEpoch = controller.registerBroker(registration)
                        .get(heartbeatIntervalMs * 5, TimeUnit.MILLISECONDS);
                transition(State.FENCED);
                LOG.info("Broker {} registered with epoch {}", brokerId, brokerEpoch);
            }
            HeartbeatReply reply = controller.heartbeat(new BrokerHeartbeat(brokerId, brokerEpoch,
                    image.get().offset(), false)).get(heartbeatIntervalMs * 5, TimeUnit.MILLISECONDS);
            State next = reply.fenced() ? State.FENCED : State.RUNNING;
            if (next != state) {
                transition(next);
                LOG.info("Broker {} is {}", brokerId, next == State.RUNNING ? "unfenced" : "fenced");
            }
            if (next == State.RUNNING) {
                unfenced.complete(null);
                scheduleBeat(heartbeatIntervalMs, unfenced);
            } else {
                scheduleBeat(RETRY_BACKOFF_MS, unfenced);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StaleBrokerEpochException && state != State.REGISTERING) {
                LOG.info("Broker {} registers again: {}", brokerId, e.getCause().getMessage());
                transition(State.REGISTERING);
            } else {
                LOG.debug("Broker {} lifecycle call failed: {}", brokerId, e.getCause().toString());
            }
            scheduleBeat(state == State.RUNNING ? heartbeatIntervalMs : RETRY_BACKOFF_MS, unfenced);
        } catch (TimeoutException e) {
            scheduleBeat(RETRY_BACKOFF_MS, unfenced);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Controlled shutdown: asks the controller to fence this broker and move its leaderships away,
     * waiting at most {@code timeoutMs}; afterwards no more heartbeats are sent.
     */
    public void controlledShutdown(long timeoutMs) {
        CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(() -> {
            State s = state;
            if (s != State.RUNNING && s != State.FENCED) {
                transition(State.STOPPED);
                return false;
            }
            transition(State.SHUTTING_DOWN);
            long deadline = time.milliseconds() + timeoutMs;
            while (time.milliseconds() < deadline) {
                try {
                    HeartbeatReply reply = controller.heartbeat(new BrokerHeartbeat(brokerId, brokerEpoch,
                            image.get().offset(), true)).get(Math.max(1, deadline - time.milliseconds()),
                            TimeUnit.MILLISECONDS);
                    if (reply.shouldShutdown()) {
                        return true;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Controlled shutdown request failed: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                time.sleep(RETRY_BACKOFF_MS);
            }
            return false;
        }, thread);
        try {
            boolean ok = done.get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
            LOG.info("Broker {} controlled shutdown {}", brokerId,
                    ok ? "completed" : "did not complete; stopping anyway");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Broker {} controlled shutdown failed: {}", brokerId, e.toString());
        }
    }

    private void transition(State next) {
        State current = state;
        if (current == next) {
            return;
        }
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("Broker lifecycle cannot move from " + current + " to " + next);
        }
        state = next;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }
}
