package io.tributary.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Writable;

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
