package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a kept history file again ({@code -Dhistory.file=target/history/long-run.jsonl}), e.g.
 * after the checker learnt a new anomaly; fails when the history is not valid.
 */
@EnabledIfSystemProperty(named = "history.file", matches = ".+")
class RecheckHistoryTest {

    private static final Logger LOG = LoggerFactory.getLogger(RecheckHistoryTest.class);

    @Test
    void keptHistoryIsValid() throws Exception {
        Path file = Path.of(System.getProperty("history.file"));
        CheckResult r = new HistoryChecker().check(History.read(file));
        LOG.info("{}: {}", file, r);
        assertThat(r.valid()).as(file + ": " + r).isTrue();
    }
}
