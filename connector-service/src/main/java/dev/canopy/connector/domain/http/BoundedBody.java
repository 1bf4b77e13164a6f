package dev.canopy.connector.domain.http;

import java.util.function.LongConsumer;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A Web Client body codec that keeps at most {@code maxBytes} of a response.
 *
 * <p>Past the cap it reports the size to the waiting caller at once and then reports itself full and never drains:
 * the Web Client pauses the response, so nothing more is read from the socket, the server stalls on a full TCP window,
 * and the request's idle timeout resets the connection. (Failing a write would not do: once the request is sent the
 * Web Client keeps no handle to reset it, and resumes the response to discard the rest, reading it all.) A caller that
 * gives up ({@link #stop}) pauses the response the same way at its next chunk.
 */
final class BoundedBody implements BodyStream<byte[]> {
    private final long maxBytes;
    private final LongConsumer overCap;
    private final Promise<byte[]> result = Promise.promise();
    private final Buffer data = Buffer.buffer();
    private long read;
    private volatile boolean stopped;

    /** {@code overCap} receives the bytes read when the body passed the cap (called once, on the event loop). */
    BoundedBody(long maxBytes, LongConsumer overCap) {
        this.maxBytes = maxBytes;
        this.overCap = overCap;
    }

    /** This stream as the codec of one request (one response: the client follows no redirects). */
    BodyCodec<byte[]> codec() {
        return handler -> handler.handle(Future.succeededFuture(this));
    }

    /** Reads nothing more once the next chunk arrives; a server that sends nothing is cut by the idle timeout. */
    void stop() {
        stopped = true;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
        if (stopped) {
            return Future.succeededFuture();
        }
        read += chunk.length();
        if (read > maxBytes) {
            stopped = true;
            overCap.accept(read);
            return Future.succeededFuture();
        }
        data.appendBuffer(chunk);
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer chunk, Handler<AsyncResult<Void>> handler) {
        Future<Void> done = write(chunk);
        if (handler != null) {
            handler.handle(done);
        }
    }

    /** Full once stopped: the pipe pauses the response and waits for a drain that never comes. */
    @Override
    public boolean writeQueueFull() {
        return stopped;
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        if (!stopped) {
            result.tryComplete(data.getBytes());
        }
        if (handler != null) {
            handler.handle(Future.succeededFuture());
        }
    }

    @Override
    public Future<byte[]> result() {
        return result.future();
    }

    @Override
    public void handle(Throwable failure) {
        result.tryFail(failure);
    }

    @Override
    public BoundedBody exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public BoundedBody setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public BoundedBody drainHandler(Handler<Void> handler) {
        return this;
    }
}
