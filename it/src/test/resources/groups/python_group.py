"""Three members of one consumer group, each on its own thread, with kafka-python or confluent-kafka.

Usage: python_group.py kafka-python|confluent-kafka BOOTSTRAP TOPIC GROUP PARTITIONS TOTAL
Each batch is committed before it is processed. Runs until every record has been processed and
the members own disjoint, non-empty sets of partitions covering the topic; prints one JSON line.
"""
import json
import sys
import threading
import time

lib, bootstrap, topic, group = sys.argv[1:5]
partitions, total = int(sys.argv[5]), int(sys.argv[6])
deadline = time.time() + 60
lock = threading.Lock()
seen = set()
duplicates = []
MEMBERS = 3
assignments = [set() for _ in range(MEMBERS)]
errors = []
stop = threading.Event()


def done():
    with lock:
        owned = [p for a in assignments for p in a]
        return (len(seen) >= total and all(assignments) and len(owned) == len(set(owned))
                and len(set(owned)) == partitions)


def process(records):
    with lock:
        for p, offset in records:
            if (p, offset) in seen:
                duplicates.append([p, offset])
            seen.add((p, offset))


def run_kafka_python(index):
    from kafka import KafkaConsumer
    from kafka.errors import CommitFailedError
    from kafka.structs import OffsetAndMetadata
    c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, client_id="py-%d" % index,
                      enable_auto_commit=False, auto_offset_reset="earliest", session_timeout_ms=10000,
                      heartbeat_interval_ms=500, max_poll_records=20)
    try:
        while not stop.is_set():
            batch = c.poll(timeout_ms=100)
            with lock:
                assignments[index] = {tp.partition for tp in c.assignment()}
            if not batch:
                continue
            offsets = {tp: OffsetAndMetadata(recs[-1].offset + 1, "") for tp, recs in batch.items()}
            try:
                c.commit(offsets)
            except CommitFailedError:
                for tp, recs in batch.items():
                    if tp in c.assignment():
                        c.seek(tp, recs[0].offset)
                continue
            process([(tp.partition, r.offset) for tp, recs in batch.items() for r in recs])
    finally:
        c.close(autocommit=False)


def run_confluent(index):
    from confluent_kafka import Consumer, KafkaException, TopicPartition
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": "ck-%d" % index,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest", "session.timeout.ms": 10000,
                  "heartbeat.interval.ms": 500})
    c.subscribe([topic])
    try:
        while not stop.is_set():
            msgs = c.consume(num_messages=20, timeout=0.1)
            with lock:
                assignments[index] = {tp.partition for tp in c.assignment()}
            msgs = [m for m in msgs if m.error() is None]
            if not msgs:
                continue
            last = {}
            for m in msgs:
                last[m.partition()] = max(last.get(m.partition(), -1), m.offset())
            try:
                c.commit(offsets=[TopicPartition(topic, p, o + 1) for p, o in last.items()], asynchronous=False)
            except KafkaException:
                first = {}
                for m in msgs:
                    first.setdefault(m.partition(), m.offset())
                for p, o in first.items():
                    try:
                        c.seek(TopicPartition(topic, p, o))
                    except KafkaException:
                        pass
                continue
            process([(m.partition(), m.offset()) for m in msgs])
    finally:
        c.close()


def guarded(target, index):
    try:
        target(index)
    except Exception as e:  # reported in the JSON summary
        errors.append("%s: %r" % (threading.current_thread().name, e))


target = run_kafka_python if lib == "kafka-python" else run_confluent
threads = [threading.Thread(target=guarded, args=(target, i), name="member-%d" % i) for i in range(MEMBERS)]
for t in threads:
    t.start()
while not done() and time.time() < deadline and not errors:
    time.sleep(0.1)
ok = done()
stop.set()
for t in threads:
    t.join(20)
print(json.dumps({"ok": ok, "processed": len(seen), "duplicates": duplicates, "errors": errors,
                  "assignments": [sorted(a) for a in assignments]}))
