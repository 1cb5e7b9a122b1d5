package io.tributary.broker.group;

/** The internal topic holding group metadata and committed offsets. */
public final class OffsetsTopic {

    public static final String NAME = "__consumer_offsets";

    private OffsetsTopic() {}
}
