package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.RetiredSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed segment whose files cannot be deleted does not hold back the ones after it. */
class RetiredSegmentsTest {
    @TempDir
    Path dir;

    @Test
    void aFailedDeleteIsRetriedLaterAndTheOthersAreStillDeleted() throws IOException {
        LogSegment stuck = LogSegment.create(dir, 0, LogConfig.defaults());
        LogSegment next = LogSegment.create(dir, 10, LogConfig.defaults());
        Path stuckFile = dir.resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        Files.delete(stuckFile);
        Files.createDirectories(stuckFile.resolve("in-the-way")); // a non-empty directory cannot be deleted
        RetiredSegments retired = new RetiredSegments();
        retired.add(stuck, 100);
        retired.add(next, 100);

        assertThatThrownBy(() -> retired.deleteDue(100)).isInstanceOf(IOException.class);
        assertThat(dir.resolve(LogSegment.fileName(10, LogSegment.LOG_SUFFIX))).doesNotExist();

        Files.delete(stuckFile.resolve("in-the-way"));
        retired.deleteDue(200);
        assertThat(stuckFile).doesNotExist();
        assertThat(retired.deleteAll()).isNull();
    }
}
