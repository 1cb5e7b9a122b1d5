package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tributary.codec.FileRegionRecords;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Writable;
import org.junit.jupiter.api.Test;

/** NettyWritable must produce exactly the bytes Kafka's own ByteBufferAccessor produces. */
class NettyWritableTest {

    @Property(tries = 200)
    void primitivesMatchKafkasEncoding(@ForAll int i, @ForAll long l, @ForAll short s, @ForAll byte b,
            @ForAll double d, @ForAll byte[] bytes) {
        assertSameBytes(w -> {
            w.writeUnsignedVarint(i);
            w.writeVarint(i);
            w.writeVarlong(l);
            w.writeInt(i);
            w.writeLong(l);
            w.writeShort(s);
            w.writeByte(b);
            w.writeDouble(d);
            w.writeByteArray(bytes);
            w.writeByteBuffer(ByteBuffer.wrap(bytes));
            w.writeUuid(new Uuid(l, i));
            w.writeUnsignedShort(s & 0xFFFF);
            w.writeUnsignedInt(i & 0xFFFFFFFFL);
        });
    }

    /**
     * A region with a source (a direct-I/O segment) becomes pooled buffers of at most {@link
     * NettyWritable#COPY_PART_BYTES} holding the source's bytes, between the message's own parts.
     */
    @Test
    void aRegionWithASourceIsCopiedInBoundedParts() {
        byte[] file = new byte[NettyWritable.COPY_PART_BYTES * 2 + 12345];
        new Random(7).nextBytes(file);
        int from = 999;
        int size = file.length - from - 1;
        FileRegionRecords region = new FileRegionRecords(null, from, size, 0L, 1L)
                .withSource((position, dst) -> dst.put(file, (int) position, dst.remaining()));
        NettyWritable writable = new NettyWritable(Unpooled.buffer(64));
        writable.writeInt(size);
        writable.writeRecords(region);
        writable.writeInt(-1);
        List<Object> parts = writable.finish();

        assertThat(parts).hasSize(5);
        ByteBuf all = Unpooled.buffer();
        for (Object part : parts) {
            ByteBuf b = (ByteBuf) part;
            assertThat(b.readableBytes()).isLessThanOrEqualTo(NettyWritable.COPY_PART_BYTES);
            all.writeBytes(b);
            b.release();
        }
        assertThat(all.readInt()).isEqualTo(size);
        byte[] copied = new byte[size];
        all.readBytes(copied);
        assertThat(copied).isEqualTo(Arrays.copyOfRange(file, from, from + size));
        assertThat(all.readInt()).isEqualTo(-1);
    }

    /** A region carrying its bytes goes out as a buffer of them, not as a file region. */
    @Test
    void aRegionCarryingItsBytesIsWrittenFromThem() {
        byte[] bytes = "a small region".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FileRegionRecords region = new FileRegionRecords(null, 4096, bytes.length, 7L, 8L)
                .withBytes(ByteBuffer.wrap(bytes));
        NettyWritable writable = new NettyWritable(Unpooled.buffer(8));
        writable.writeInt(bytes.length);
        writable.writeRecords(region);
        List<Object> parts = writable.finish();

        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p).isInstanceOf(ByteBuf.class));
        ByteBuf records = (ByteBuf) parts.get(1);
        assertThat(ByteBufUtil.getBytes(records)).isEqualTo(bytes);
        parts.forEach(p -> ((ByteBuf) p).release());
    }

    private static void assertSameBytes(Consumer<Writable> writes) {
        ByteBuffer expected = ByteBuffer.allocate(4096);
        writes.accept(new ByteBufferAccessor(expected));
        expected.flip();

        ByteBuf buffer = Unpooled.buffer(4096);
        NettyWritable writable = new NettyWritable(buffer);
        writes.accept(writable);
        List<Object> parts = writable.finish();

        ByteBuf actual = (ByteBuf) parts.get(0);
        assertThat(parts).hasSize(1);
        assertThat(ByteBufUtil.getBytes(actual)).isEqualTo(toArray(expected));
        actual.release();
        assertThat(buffer.refCnt()).isZero();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
