package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeanAllocatorTest {
    private final LeanAllocator alloc = new LeanAllocator(UnpooledByteBufAllocator.DEFAULT);

    @Test
    void bigReservationsStartSmallAndGrowOnWrite() {
        ByteBuf b = alloc.buffer(65536);
        try {
            assertThat(b.capacity()).isEqualTo(LeanAllocator.INITIAL);
            b.writeBytes(new byte[20000]);
            assertThat(b.readableBytes()).isEqualTo(20000);
            assertThat(b.capacity()).isGreaterThanOrEqualTo(20000);
        } finally {
            b.release();
        }
    }

    @Test
    void ordinaryRequestsGetWhatTheyAskFor() {
        for (ByteBuf b : new ByteBuf[] {alloc.buffer(100), alloc.directBuffer(16384), alloc.heapBuffer(LeanAllocator.TRIM_FROM - 1),
            alloc.ioBuffer(2048, 4096)}) {
            try {
                assertThat(b.capacity()).isIn(100, 16384, LeanAllocator.TRIM_FROM - 1, 2048);
            } finally {
                b.release();
            }
        }
        ByteBuf capped = alloc.buffer(65536, 100000);
        try {
            assertThat(capped.capacity()).isEqualTo(LeanAllocator.INITIAL);
            assertThat(capped.maxCapacity()).isEqualTo(100000);
        } finally {
            capped.release();
        }
    }
}
