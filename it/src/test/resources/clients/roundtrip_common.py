"""What the Python client round trips share: records to send, the check of what came back, and its summary.

Imported by kafka_python_roundtrip.py and confluent_kafka_roundtrip.py, which the tests copy next to it.

Digest of a partition: SHA-256 over its records in offset order, each as int32 BE key length (-1 for null), key,
int32 BE value length (-1 for null), value.
"""
import hashlib
import random
import struct
import sys


def fail(msg):
    print("MISMATCH: " + msg, file=sys.stderr)
    sys.exit(1)


def digest(records):
    sha = hashlib.sha256()
    for key, value in records:
        for part in (key, value):
            if part is None:
                sha.update(struct.pack(">i", -1))
            else:
                sha.update(struct.pack(">i", len(part)))
                sha.update(part)
    return sha.hexdigest()


def make_records(count, seed, value_prefix, max_random_bytes):
    """COUNT (key, value) pairs over 500 keys: every 97th value a tombstone (None), every 89th empty, the others
    value_prefix % i followed by up to max_random_bytes random bytes. The same seed gives the same records."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        key = b"key-%d" % rng.randrange(500)
        if i % 97 == 0:
            value = None  # a tombstone
        elif i % 89 == 0:
            value = b""
        else:
            value = value_prefix % i + rng.randbytes(rng.randrange(max_random_bytes))
        records.append((key, value))
    return records


def check_partitions(topic, sent, got):
    """Fails unless every partition read back ({partition: [(offset, key, value)]}) holds exactly what was sent."""
    for p, want in sent.items():
        have = got.get(p, [])
        if have != want:
            first = next((i for i, (a, b) in enumerate(zip(have, want)) if a != b), min(len(have), len(want)))
            fail("%s partition %d differs at index %d: got %r, sent %r (got %d records, sent %d)"
                 % (topic, p, first, have[first:first + 1], want[first:first + 1], len(have), len(want)))
    for p, have in got.items():
        if have and p not in sent:
            fail("%s partition %d has %d records nothing was sent to" % (topic, p, len(have)))


def summary(topic, compression, produced, got):
    """The JSON-ready summary of what was read back; fails unless each partition's offsets are 0, 1, 2, ..."""
    for p, rs in got.items():
        offsets = [o for o, _, _ in rs]
        if offsets != list(range(len(rs))):
            fail("partition %d of %s: offsets not 0..%d in order: %s" % (p, topic, len(rs) - 1, offsets[:20]))
    return {
        "topic": topic,
        "compression": compression,
        "produced": produced,
        "consumed": sum(len(rs) for rs in got.values()),
        "partitions": {str(p): len(rs) for p, rs in got.items() if rs},
        "digests": {str(p): digest([(k, v) for _, k, v in rs]) for p, rs in got.items() if rs},
    }
