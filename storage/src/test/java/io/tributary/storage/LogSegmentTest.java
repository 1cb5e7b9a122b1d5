package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.storage.segment.LogSegment;
import org.junit.jupiter.api.Test;

class LogSegmentTest {

    @Test
    void fileNamesAreTheOffsetZeroPaddedToTwentyDigits() {
        for (long offset : new long[] {0, 1, 9, 10, 1234567, 99_999_999_999L, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            assertThat(LogSegment.fileName(offset, ".log")).isEqualTo(String.format("%020d", offset) + ".log");
        }
        assertThat(LogSegment.fileName(42, ".timeindex")).isEqualTo("00000000000000000042.timeindex");
    }
}
