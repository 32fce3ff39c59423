package io.spate.executor.network.partition;

import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.buffer.BufferBuilder;
import io.spate.executor.network.buffer.BufferConsumer;
import io.spate.executor.network.event.EventSerializer;
import java.util.ArrayDeque;

/**
 * The queue of buffers for one consumer subtask (Flink: PipelinedSubpartition).
 *
 * <p>The producer's task thread adds buffers and finishes them; the flusher thread requests
 * flushes; the consumer (a Netty event loop or a local task) polls. All share one short monitor
 * taken once per buffer, per flush or per poll, never per record. The queue is bounded by the
 * partition's {@code LocalBufferPool}: the writer cannot add a buffer it could not allocate.
 *
 * <p>Availability (something can be polled) = a finished buffer is queued, or a flush was requested
 * while the unfinished tail had unsent bytes. The listener is told only on a change from
 * unavailable to available; the poller learns from each poll whether more is available.
 */
final class ResultSubpartition {
    private final ResultPartition parent;
    private final int index;
    private final ArrayDeque<BufferConsumer> buffers = new ArrayDeque<>();
    private boolean flushRequested;
    private boolean released;
    private boolean consumed;
    private ResultSubpartitionView view;

    ResultSubpartition(ResultPartition parent, int index) {
        this.parent = parent;
        this.index = index;
    }

    void add(BufferConsumer consumer) {
        ResultSubpartitionView toNotify;
        synchronized (buffers) {
            if (released) {
                consumer.close();
                return;
            }
            boolean before = isAvailableUnsafe();
            buffers.add(consumer);
            toNotify = !before && isAvailableUnsafe() ? view : null;
        }
        if (toNotify != null) {
            toNotify.notifyDataAvailable();
        }
    }

    /** Finishes the builder of the tail buffer (under the monitor: availability changes). */
    void finish(BufferBuilder builder) {
        ResultSubpartitionView toNotify;
        synchronized (buffers) {
            boolean before = isAvailableUnsafe();
            builder.finish();
            toNotify = !before && isAvailableUnsafe() ? view : null;
        }
        if (toNotify != null) {
            toNotify.notifyDataAvailable();
        }
    }

    void flush() {
        ResultSubpartitionView toNotify;
        synchronized (buffers) {
            if (flushRequested || buffers.isEmpty()) {
                return;
            }
            boolean before = isAvailableUnsafe();
            BufferConsumer tail = buffers.peekLast();
            if (!tail.isFinished() && tail.hasUnreadBytes()) {
                flushRequested = true;
            }
            toNotify = !before && isAvailableUnsafe() ? view : null;
        }
        if (toNotify != null) {
            toNotify.notifyDataAvailable();
        }
    }

    BufferAndBacklog poll() {
        BufferAndBacklog result = null;
        boolean nowConsumed = false;
        synchronized (buffers) {
            while (!released) {
                BufferConsumer head = buffers.peek();
                if (head == null) {
                    flushRequested = false;
                    break;
                }
                boolean finished =
                        head.isFinished(); // before reading the end: then the end is final
                if (!finished && !flushRequested) {
                    break;
                }
                Buffer buffer = head.poll();
                if (finished) {
                    buffers.poll();
                    head.close();
                } else {
                    flushRequested = false; // every committed byte of the tail is now taken
                }
                if (buffer == null) {
                    continue;
                }
                if (buffer.isEvent() && EventSerializer.isEndOfPartition(buffer.data())) {
                    consumed = true;
                    nowConsumed = true;
                }
                result = new BufferAndBacklog(buffer, backlogUnsafe(), isAvailableUnsafe());
                break;
            }
        }
        if (nowConsumed) {
            parent.onSubpartitionConsumed();
        }
        return result;
    }

    boolean isAvailable() {
        synchronized (buffers) {
            return isAvailableUnsafe();
        }
    }

    boolean isConsumed() {
        synchronized (buffers) {
            return consumed;
        }
    }

    /** Complete buffers waiting (the tail counts only once finished). */
    int backlog() {
        synchronized (buffers) {
            return backlogUnsafe();
        }
    }

    private int backlogUnsafe() {
        int n = buffers.size();
        return n > 0 && !buffers.peekLast().isFinished() ? n - 1 : n;
    }

    private boolean isAvailableUnsafe() {
        if (released) {
            return false;
        }
        int n = buffers.size();
        return flushRequested || n > 1 || (n == 1 && buffers.peek().isFinished());
    }

    void attachView(ResultSubpartitionView newView) {
        synchronized (buffers) {
            if (view != null) {
                throw new IllegalStateException(
                        "subpartition " + index + " of " + parent.id() + " already has a consumer");
            }
            view = newView;
        }
    }

    void detachView(ResultSubpartitionView oldView) {
        synchronized (buffers) {
            if (view == oldView) {
                view = null;
            }
        }
    }

    /** Drops every queued buffer (their segments recycle once in-flight slices are released). */
    void release() {
        synchronized (buffers) {
            if (released) {
                return;
            }
            released = true;
            for (BufferConsumer c : buffers) {
                c.close();
            }
            buffers.clear();
        }
    }
}
