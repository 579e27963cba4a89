package io.jsentinel.link.lettuce;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

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
final class LeanAllocator implements ByteBufAllocator {
    static final int INITIAL = 4096;
    /** Smaller requests are served as asked: only big up-front reservations are trimmed. */
    static final int TRIM_FROM = 32 * 1024;

    private final ByteBufAllocator delegate;

    LeanAllocator(ByteBufAllocator delegate) {
        this.delegate = delegate;
    }

    private static int lean(int initialCapacity) {
        return initialCapacity >= TRIM_FROM ? INITIAL : initialCapacity;
    }

    @Override
    public ByteBuf buffer() {
        return delegate.buffer();
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return delegate.buffer(lean(initialCapacity));
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return delegate.buffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    public ByteBuf ioBuffer() {
        return delegate.ioBuffer();
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return delegate.ioBuffer(lean(initialCapacity));
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return delegate.ioBuffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    public ByteBuf heapBuffer() {
        return delegate.heapBuffer();
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return delegate.heapBuffer(lean(initialCapacity));
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return delegate.heapBuffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    public ByteBuf directBuffer() {
        return delegate.directBuffer();
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return delegate.directBuffer(lean(initialCapacity));
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        return delegate.directBuffer(lean(initialCapacity), maxCapacity);
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return delegate.compositeBuffer();
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return delegate.compositeBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return delegate.compositeHeapBuffer();
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return delegate.compositeHeapBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return delegate.compositeDirectBuffer();
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return delegate.compositeDirectBuffer(maxNumComponents);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return delegate.isDirectBufferPooled();
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return delegate.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
