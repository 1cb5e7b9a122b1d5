package io.tributary.network.dispatch;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.tributary.network.api.RequestMetrics;
import io.tributary.network.codec.InboundRequest;
import io.tributary.network.codec.OutboundResponse;
import io.tributary.network.dispatch.ResponseSequencer.Outcome;
import io.tributary.network.dispatch.ResponseSequencer.Slot;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each {@link InboundRequest} to its handler and feeds the result, in request order, through
 * a per-connection {@link ResponseSequencer} to the {@code ResponseEncoder}.
 *
 * <p>Handlers are invoked on the channel's event loop, so they must not block: a handler with slow
 * work returns an incomplete stage and completes it from its own thread. Completions from other
 * threads hop back onto the event loop. A handler that throws, or whose stage fails, is answered
 * with {@code request.getErrorResponse(cause)}; when that is {@code null} (produce with acks=0) the
 * connection is closed after the earlier responses, as Apache Kafka does so the client notices.
 *
 * <p>The request's frame is released as soon as the handler returns (see {@link
 * io.tributary.network.api.ApiHandler#handle}), so a request that waits (a long-polling fetch, a
 * group join) holds no network buffer.
 *
 * <p>Backpressure: the channel stops reading while {@code maxInFlight} or more requests await
 * their response, or while the channel is not writable, and resumes when both clear. Frames
 * already buffered when reading stops are still dispatched, so the bound may be exceeded by the
 * frames of one read.
 *
 * <p>A request's latency, reported to the {@link RequestMetrics}, runs from its frame being read to
 * its answer; both ends come from the {@link Time} the frame decoder stamps frames with.
 *
 * <p>An {@link IdleStateEvent} closes the connection unless a request awaits its response (a
 * long-polling fetch is not idleness).
 *
 * <p>Thread-safety: one instance per channel; all state is confined to the channel's event loop.
 */
public final class RequestDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final int maxInFlight;
    private final RequestMetrics metrics;
    private final Time time;
    private ResponseSequencer sequencer;

    /**
     * @param metrics told of every completed request
     * @param time the clock that stamped the requests' frames ({@code FrameDecoder}'s), read again
     *     when a request completes
     */
    public RequestDispatcher(int maxInFlight, RequestMetrics metrics, Time time) {
        this.metrics = metrics;
        this.time = time;
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        sequencer = new ResponseSequencer(new ChannelSink(ctx));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InboundRequest request) {
            dispatch(ctx, request);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sequencer.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (sequencer.inFlight() == 0) {
                log.debug("Closing idle connection {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection {} after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** Requests taken and not yet answered on this connection. */
    public int inFlight() {
        return sequencer.inFlight();
    }

    private void dispatch(ChannelHandlerContext ctx, InboundRequest request) {
        if (sequencer.isClosed()) {
            request.release();
            return;
        }
        Slot slot = sequencer.register();
        updateReading(ctx);
        CompletionStage<ApiMessage> stage;
        try {
            stage = request.handler().handle(request.context(), request.request());
            if (stage == null) {
                throw new IllegalStateException(request.handler().getClass().getName() + " returned no stage");
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        } finally {
            request.release();
        }
        stage.whenComplete((body, error) -> onEventLoop(ctx, () -> complete(ctx, slot, request, body, error)));
    }

    private void complete(ChannelHandlerContext ctx, Slot slot, InboundRequest request, ApiMessage body,
            Throwable error) {
        sequencer.complete(slot, outcome(request, body, error));
        updateReading(ctx);
        record(request, error != null);
    }

    private void record(InboundRequest request, boolean failed) {
        try {
            metrics.requestCompleted(request.request().apiKey(), request.request().version(),
                    time.nanoseconds() - request.context().receivedNanos(), failed);
        } catch (RuntimeException e) {
            log.warn("Request metrics failed", e);
        }
    }

    private static Outcome outcome(InboundRequest inbound, ApiMessage body, Throwable error) {
        AbstractRequest request = inbound.request();
        if (error == null) {
            return body == null ? Outcome.SILENT : new Outcome.Respond(response(inbound, body));
        }
        Throwable cause = unwrap(error);
        if (Errors.forException(cause) == Errors.UNKNOWN_SERVER_ERROR) {
            log.error("Handler for {} v{} failed on {}", request.apiKey(), request.version(),
                    inbound.context().connectionId(), cause);
        } else {
            log.debug("Handler for {} v{} failed: {}", request.apiKey(), request.version(), cause.toString());
        }
        AbstractResponse errorResponse;
        try {
            errorResponse = request.getErrorResponse(cause);
        } catch (RuntimeException e) {
            log.error("No error response for {} v{}; closing connection", request.apiKey(), request.version(), e);
            return Outcome.CLOSE;
        }
        return errorResponse == null ? Outcome.CLOSE : new Outcome.Respond(response(inbound, errorResponse.data()));
    }

    private static OutboundResponse response(InboundRequest inbound, ApiMessage body) {
        AbstractRequest request = inbound.request();
        return new OutboundResponse(inbound.context().correlationId(), request.apiKey(), request.version(), body);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void updateReading(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        boolean read = ctx.channel().isWritable() && sequencer.inFlight() < maxInFlight;
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    private static void onEventLoop(ChannelHandlerContext ctx, Runnable task) {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Dropping a response: the event loop is shutting down");
        }
    }

    /** Writes emitted responses to the channel; a failed write closes the connection. */
    private static final class ChannelSink implements ResponseSequencer.Sink {
        private final ChannelHandlerContext ctx;

        ChannelSink(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(OutboundResponse response) {
            ctx.write(response).addListener((ChannelFuture future) -> {
                if (!future.isSuccess()) {
                    onWriteFailure(future.cause(), response);
                }
            });
        }

        private void onWriteFailure(Throwable cause, OutboundResponse response) {
            if (cause instanceof IOException) {
                log.debug("Writing {} response failed: {}", response.apiKey(), cause.toString());
            } else {
                log.error("Cannot write {} v{} response; closing connection",
                        response.apiKey(), response.version(), cause);
            }
            ctx.close();
        }

        @Override
        public void flush() {
            ctx.flush();
        }

        @Override
        public void close() {
            ctx.close();
        }
    }
}
