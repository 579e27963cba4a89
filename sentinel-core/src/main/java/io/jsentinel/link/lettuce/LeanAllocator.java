package io.jsentinel.link.lettuce;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * The allocator of the links' plain-TCP channels: a request for a large initial capacity (Lettuce's 64 KiB
 * read buffer, one per connection) gets a {@link #INITIAL}-byte buffer that grows on demand as every
 * ByteBuf does. The replies a sentinel reads (PONG, INFO, hello) rarely need more than a few KiB, and a
 * sentinel watching hundreds of instances holds two connections to each, so those buffers were most of
 * its memory per monitored master (docs/benchmarks.md, scale).
 *
 * <p>This bends {@code buffer(initialCapacity)}'s promise of that much writable room, which is fine for
 * the users on these channels (Lettuce's read buffer and encoders write with auto-expanding writes;
 * socket reads read up to the room there is) but not for {@code SslHandler}, which sizes its output
 * buffers exactly: TLS links keep the plain allocator.
 */
final class LeanAllocator extends AbstractByteBufAllocator {
    static final int INITIAL = 4096;
    /** Smaller requests are served as asked: only big up-front reservations are trimmed. */
    static final int TRIM_FROM = 32 * 1024;

    private final ByteBufAllocator delegate;

    LeanAllocator(ByteBufAllocator delegate) {
        super(PlatformDependent.directBufferPreferred());
        this.delegate = delegate;
    }

    private static int lean(int initialCapacity) {
        return initialCapacity >= TRIM_FROM ? INITIAL : initialCapacity;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return delegate.heapBuffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return delegate.directBuffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return delegate.isDirectBufferPooled();
    }
}
