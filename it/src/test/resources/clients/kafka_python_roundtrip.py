#!/usr/bin/python3
"""Round trip through kafka-python against a Kafka-protocol broker, consuming without a consumer group.

usage: kafka_python_roundtrip.py BOOTSTRAP TOPIC COUNT [--digest-only]

Default mode: for each compression (none, gzip) produce COUNT keyed records to TOPIC-<compression> with acks=all,
flush, then read them back from the beginning via assign + seek_to_beginning and compare partition by partition
(offsets, keys, values, order). Prints one JSON summary line per compression and exits 1 on any mismatch.

--digest-only: read COUNT records already in TOPIC (written by another client) and print one JSON line with the
per-partition record count and digest.

Digest of a partition: see roundtrip_common.py.
"""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from roundtrip_common import check_partitions, fail, make_records, summary

TIMEOUT_S = 45


def consume(bootstrap, topic, partitions, count):
    """Reads COUNT records of TOPIC from the beginning without a group; returns {partition: [(offset, key, value)]}."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", fetch_max_wait_ms=200, request_timeout_ms=30000)
    try:
        if partitions is None:
            deadline = time.monotonic() + TIMEOUT_S
            partitions = consumer.partitions_for_topic(topic)
            while not partitions and time.monotonic() < deadline:
                time.sleep(0.1)
                partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                fail("no partitions known for %s" % topic)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        got = {p: [] for p in sorted(partitions)}
        n = 0
        deadline = time.monotonic() + TIMEOUT_S
        while n < count and time.monotonic() < deadline:
            for tp, records in consumer.poll(timeout_ms=500).items():
                for r in records:
                    got[tp.partition].append((r.offset, r.key, r.value))
                    n += 1
        if n != count:
            fail("consumed %d of %d records from %s: per partition %s"
                 % (n, count, topic, {p: len(rs) for p, rs in got.items()}))
        # nothing beyond what was produced
        extra = consumer.poll(timeout_ms=300)
        if any(extra.values()):
            fail("more records than the %d expected in %s" % (count, topic))
        return got
    finally:
        consumer.close()


def roundtrip(bootstrap, base_topic, count):
    for compression in (None, "gzip"):
        name = compression or "none"
        topic = "%s-%s" % (base_topic, name)
        records = make_records(count, seed=name, value_prefix=b"%d|", max_random_bytes=300)
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type=compression,
                                 linger_ms=5, retries=5, request_timeout_ms=30000,
                                 max_in_flight_requests_per_connection=1)  # keeps send order across retries
        try:
            futures = [producer.send(topic, key=k, value=v) for k, v in records]
            producer.flush(timeout=TIMEOUT_S)
            sent = {}
            for (k, v), f in zip(records, futures):
                md = f.get(timeout=TIMEOUT_S)
                sent.setdefault(md.partition, []).append((md.offset, k, v))
            partitions = producer.partitions_for(topic)
        finally:
            producer.close(timeout=10)

        got = consume(bootstrap, topic, partitions, count)
        check_partitions(topic, sent, got)
        print(json.dumps(summary(topic, name, len(records), got)), flush=True)


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "--digest-only"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    bootstrap, topic, count = argv[1], argv[2], int(argv[3])
    if len(argv) == 5:
        got = consume(bootstrap, topic, None, count)
        print(json.dumps(summary(topic, None, None, got)), flush=True)
    else:
        roundtrip(bootstrap, topic, count)


if __name__ == "__main__":
    main(sys.argv)
