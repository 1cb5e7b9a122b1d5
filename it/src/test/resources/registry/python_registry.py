"""confluent-kafka-python's SchemaRegistryClient and JSON Schema serdes against Tributary's registry.

Usage: python_registry.py BOOTSTRAP REGISTRY_URL TOPIC [validate]
With "validate", TOPIC is created with broker-side schema validation of values first, and a record that the
serializer did not frame must be refused with INVALID_RECORD.
Registers an Avro and a JSON schema, reads them back by id, subject and version, checks compatibility,
then produces JSON Schema-encoded records to TOPIC and consumes them back. Prints one JSON line.
"""
import json
import sys

from confluent_kafka import DeserializingConsumer, KafkaError, Producer, SerializingProducer
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer

AVRO = json.dumps({"type": "record", "name": "Py", "namespace": "it",
                   "fields": [{"name": "n", "type": "int"}]})
AVRO_V2 = json.dumps({"type": "record", "name": "Py", "namespace": "it",
                      "fields": [{"name": "n", "type": "int"}, {"name": "s", "type": "string", "default": ""}]})
AVRO_BAD = json.dumps({"type": "record", "name": "Py", "namespace": "it",
                       "fields": [{"name": "n", "type": "string"}]})
ORDER = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "title": "Order", "type": "object",
                    "properties": {"id": {"type": "integer"}, "item": {"type": "string"}},
                    "required": ["id", "item"]})
COUNT = 20


def main():
    bootstrap, url, topic = sys.argv[1:4]
    client = SchemaRegistryClient({"url": url})
    avro_subject = topic + "-avro"
    out = {"errors": []}
    avro_id = client.register_schema(avro_subject, Schema(AVRO, "AVRO"))
    again = client.register_schema(avro_subject, Schema(AVRO, "AVRO"))
    fetched = client.get_schema(avro_id)
    latest = client.get_latest_version(avro_subject)
    out["avro_id_stable"] = avro_id == again
    out["avro_fetched"] = json.loads(fetched.schema_str) == json.loads(AVRO)
    out["latest_version"] = latest.version
    out["compatible_v2"] = client.test_compatibility(avro_subject, Schema(AVRO_V2, "AVRO"))
    out["compatible_bad"] = client.test_compatibility(avro_subject, Schema(AVRO_BAD, "AVRO"))
    try:
        client.register_schema(avro_subject, Schema(AVRO_BAD, "AVRO"))
        out["errors"].append("an incompatible schema was registered")
    except SchemaRegistryError as e:
        out["incompatible_status"] = e.http_status_code
        out["incompatible_code"] = e.error_code
    try:
        client.get_schema(987654)
    except SchemaRegistryError as e:
        out["missing_code"] = e.error_code
    out["lookup_version"] = client.lookup_schema(avro_subject, Schema(AVRO, "AVRO")).version
    out["subjects"] = sorted(client.get_subjects())
    client.set_compatibility(avro_subject, "FULL")
    out["compatibility"] = client.get_compatibility(avro_subject)
    if sys.argv[4:] == ["validate"]:
        validated_topic(bootstrap, topic, out)
    roundtrip(bootstrap, client, topic, out)
    out["deleted"] = client.delete_subject(avro_subject)
    out["ok"] = not out["errors"]
    print(json.dumps(out))


def validated_topic(bootstrap, topic, out):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    new = NewTopic(topic, 1, 1, config={"confluent.value.schema.validation": "true"})
    admin.create_topics([new])[topic].result(30)
    reports = []
    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce(topic, key="plain", value=b"not framed", on_delivery=lambda err, msg: reports.append(err))
    producer.flush(30)
    err = reports[0] if reports else None
    out["unframed_refused"] = err is not None and err.code() == KafkaError.INVALID_RECORD
    out["unframed_error"] = str(err)


def roundtrip(bootstrap, client, topic, out):
    producer = SerializingProducer({"bootstrap.servers": bootstrap, "key.serializer": StringSerializer("utf_8"),
                                    "value.serializer": JSONSerializer(ORDER, client)})
    for i in range(COUNT):
        producer.produce(topic, key=str(i), value={"id": i, "item": "thing-%d" % i})
    producer.flush(30)
    consumer = DeserializingConsumer({"bootstrap.servers": bootstrap, "group.id": "py-registry",
                                      "auto.offset.reset": "earliest",
                                      "key.deserializer": StringDeserializer("utf_8"),
                                      "value.deserializer": JSONDeserializer(ORDER)})
    consumer.subscribe([topic])
    values = []
    for _ in range(300):
        msg = consumer.poll(0.2)
        if msg is None:
            if len(values) >= COUNT:
                break
            continue
        if msg.error():
            out["errors"].append(str(msg.error()))
            continue
        values.append(msg.value())
    consumer.close()
    out["consumed"] = len(values)
    out["values_ok"] = sorted(v["id"] for v in values) == list(range(COUNT))
    out["json_subject_versions"] = client.get_versions(topic + "-value")


if __name__ == "__main__":
    main()
