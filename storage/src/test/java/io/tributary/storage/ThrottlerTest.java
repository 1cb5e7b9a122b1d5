package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottlerTest {

    @Test
    void sleepsToKeepTheRateAndNeverWhenUnbounded() {
        ManualTime time = new ManualTime(0L);
        Throttler t = new Throttler(1000, time);
        t.acquire(500);
        assertThat(time.milliseconds()).isEqualTo(500);
        t.acquire(2000);
        assertThat(time.milliseconds()).isEqualTo(2500);
        Throttler unbounded = new Throttler(Double.MAX_VALUE, time);
        unbounded.acquire(Long.MAX_VALUE / 4);
        assertThat(time.milliseconds()).isEqualTo(2500);
    }
}
