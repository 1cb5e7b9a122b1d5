package io.tributary.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteForwarderTest {

    @Test
    void registrationsAndEveryPutAndDeleteAreWrites() {
        assertThat(WriteForwarder.isWrite("POST", "/subjects/orders-value/versions")).isTrue();
        assertThat(WriteForwarder.isWrite("POST", "/subjects/orders-value/versions/")).isTrue();
        assertThat(WriteForwarder.isWrite("PUT", "/config/orders-value")).isTrue();
        assertThat(WriteForwarder.isWrite("PUT", "/mode")).isTrue();
        assertThat(WriteForwarder.isWrite("DELETE", "/subjects/orders-value/versions/1")).isTrue();
    }

    @Test
    void lookupsCompatibilityChecksAndReadsAreServedWhereTheyArrive() {
        assertThat(WriteForwarder.isWrite("POST", "/subjects/orders-value")).isFalse();
        assertThat(WriteForwarder.isWrite("POST", "/compatibility/subjects/orders-value/versions/latest")).isFalse();
        assertThat(WriteForwarder.isWrite("POST", "/subjects/orders-value/versions/1")).isFalse();
        assertThat(WriteForwarder.isWrite("GET", "/subjects/orders-value/versions")).isFalse();
        assertThat(WriteForwarder.isWrite("HEAD", "/subjects")).isFalse();
    }
}
