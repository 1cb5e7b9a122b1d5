#!/usr/bin/python3
"""confluent-kafka (librdkafka) against a Kafka-protocol broker, consuming without group coordination.

usage: confluent_kafka_roundtrip.py roundtrip BOOTSTRAP TOPIC COUNT
       confluent_kafka_roundtrip.py digest BOOTSTRAP TOPIC COUNT
       confluent_kafka_roundtrip.py metadata BOOTSTRAP TOPIC
       confluent_kafka_roundtrip.py create BOOTSTRAP TOPIC PARTITIONS
       confluent_kafka_roundtrip.py describe-configs BOOTSTRAP TOPIC

roundtrip: for each compression (lz4, zstd) an idempotent producer (acks=all) writes COUNT keyed records to
  TOPIC-<compression>; a consumer assigned every partition at OFFSET_BEGINNING (no subscribe, no commits) reads them
  back and compares partition by partition (offsets, keys, values, order). One JSON summary line per compression.
digest: read COUNT records already in TOPIC and print their per-partition counts and digests as one JSON line.
metadata: AdminClient.list_topics() as one JSON line.
create: AdminClient.create_topics with PARTITIONS partitions and a retention.ms override, then a second create of the
  same name (which must fail), then list_topics(topic) describing it; one JSON line.
describe-configs: AdminClient.describe_configs for TOPIC as one JSON line {name: value}.

Any mismatch or client error exits 1 with the reason on stderr. Digest of a partition: see roundtrip_common.py.
"""
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

from roundtrip_common import check_partitions, fail, make_records, summary

TIMEOUT_S = 45


def partitions_of(client, topic):
    md = client.list_topics(topic=topic, timeout=TIMEOUT_S)
    t = md.topics.get(topic)
    if t is None or t.error is not None:
        fail("no metadata for %s: %s" % (topic, None if t is None else t.error))
    return sorted(t.partitions)


def consume(bootstrap, topic, count):
    """Reads COUNT records of TOPIC from the beginning by assignment; returns {partition: [(offset, key, value)]}."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        # required by the client, but never used: no subscribe(), no commits
        "group.id": "unused-no-coordination",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "enable.partition.eof": False,
        "fetch.wait.max.ms": 200,
    })
    try:
        partitions = partitions_of(consumer, topic)
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        got = {p: [] for p in partitions}
        n = 0
        deadline = time.monotonic() + TIMEOUT_S
        while n < count and time.monotonic() < deadline:
            for msg in consumer.consume(num_messages=1000, timeout=0.5):
                if msg.error():
                    fail("consumer error on %s: %s" % (topic, msg.error()))
                got[msg.partition()].append((msg.offset(), msg.key(), msg.value()))
                n += 1
        if n != count:
            fail("consumed %d of %d records from %s: per partition %s"
                 % (n, count, topic, {p: len(rs) for p, rs in got.items()}))
        extra = [m for m in consumer.consume(num_messages=10, timeout=0.3) if not m.error()]
        if extra:
            fail("more records than the %d expected in %s" % (count, topic))
        return got
    finally:
        consumer.close()


def roundtrip(bootstrap, base_topic, count):
    for compression in ("lz4", "zstd"):
        topic = "%s-%s" % (base_topic, compression)
        # compressible text followed by random bytes
        records = make_records(count, seed=compression, value_prefix=b"record %d of the confluent-kafka round trip|",
                               max_random_bytes=200)
        delivered = [None] * len(records)
        errors = []

        def on_delivery(index):
            def report(err, msg):
                if err is not None:
                    errors.append("record %d: %s" % (index, err))
                else:
                    delivered[index] = (msg.partition(), msg.offset())
            return report

        producer = Producer({
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "compression.type": compression,
            "linger.ms": 20,
            "message.timeout.ms": TIMEOUT_S * 1000,
        })
        for i, (k, v) in enumerate(records):
            while True:
                try:
                    producer.produce(topic, key=k, value=v, on_delivery=on_delivery(i))
                    break
                except BufferError:
                    producer.poll(0.1)
            producer.poll(0)
        remaining = producer.flush(TIMEOUT_S)
        if remaining:
            fail("%d records of %s still undelivered after %d s" % (remaining, topic, TIMEOUT_S))
        if errors:
            fail("%d delivery errors on %s, first: %s" % (len(errors), topic, errors[0]))

        sent = {}
        for (k, v), (partition, offset) in zip(records, delivered):
            sent.setdefault(partition, []).append((offset, k, v))
        got = consume(bootstrap, topic, count)
        check_partitions(topic, sent, got)
        print(json.dumps(summary(topic, compression, len(records), got)), flush=True)


def describe_topic(md, topic):
    t = md.topics.get(topic)
    if t is None:
        return None
    return {
        "error": None if t.error is None else t.error.name(),
        "partitions": {str(p.id): {"leader": p.leader, "replicas": list(p.replicas), "isrs": list(p.isrs),
                                   "error": None if p.error is None else p.error.name()}
                       for p in t.partitions.values()},
    }


def metadata(bootstrap, topic):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    md = admin.list_topics(timeout=TIMEOUT_S)
    print(json.dumps({
        "cluster_id": md.cluster_id,
        "controller_id": md.controller_id,
        "orig_broker_id": md.orig_broker_id,
        "brokers": [{"id": b.id, "host": b.host, "port": b.port} for b in md.brokers.values()],
        "topics": sorted(md.topics),
        "topic": describe_topic(md, topic),
    }), flush=True)


def create(bootstrap, topic, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    new = NewTopic(topic, num_partitions=partitions, replication_factor=1, config={"retention.ms": "3600000"})
    try:
        admin.create_topics([new], request_timeout=TIMEOUT_S)[topic].result(timeout=TIMEOUT_S)
    except KafkaException as e:
        fail("create_topics(%s, %d partitions) failed: %s" % (topic, partitions, e))
    try:
        admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)],
                            request_timeout=TIMEOUT_S)[topic].result(timeout=TIMEOUT_S)
        second = "created again"
    except KafkaException as e:
        second = e.args[0].name()
    md = admin.list_topics(topic=topic, timeout=TIMEOUT_S)
    print(json.dumps({"second_create": second, "topic": describe_topic(md, topic)}), flush=True)


def describe_configs(bootstrap, topic):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    resource = ConfigResource("topic", topic)
    try:
        entries = admin.describe_configs([resource], request_timeout=TIMEOUT_S)[resource].result(timeout=TIMEOUT_S)
    except KafkaException as e:
        fail("describe_configs(%s) failed: %s" % (topic, e))
    print(json.dumps({name: entry.value for name, entry in entries.items()}), flush=True)


def main(argv):
    commands = {
        "roundtrip": (1, lambda b, t, n: roundtrip(b, t, int(n))),
        "digest": (1, lambda b, t, n: print(json.dumps(summary(t, None, None, consume(b, t, int(n)))), flush=True)),
        "metadata": (0, metadata),
        "create": (1, lambda b, t, n: create(b, t, int(n))),
        "describe-configs": (0, describe_configs),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) != 4 + commands[argv[1]][0]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    commands[argv[1]][1](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
