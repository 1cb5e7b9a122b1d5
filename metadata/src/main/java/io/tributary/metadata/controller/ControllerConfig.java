package io.tributary.metadata.controller;

/**
 * The controller's settings.
 *
 * @param nodeId this node's id
 * @param defaultPartitions {@code num.partitions}, used when a create request says -1
 * @param defaultReplicationFactor {@code default.replication.factor}, used when a request says -1
 * @param deleteTopicEnable {@code delete.topic.enable}
 */
public record ControllerConfig(int nodeId, int defaultPartitions, short defaultReplicationFactor,
        boolean deleteTopicEnable) {}
