// @kafkajs/confluent-schema-registry against Tributary's registry: for each format, register a schema,
// encode records with it, produce them to a topic with kafkajs, consume them back and decode them.
// Usage: node kafkajs_registry.js BOOTSTRAP REGISTRY_URL TOPIC_PREFIX FORMAT[,FORMAT...] [validate]
// With "validate" each topic is created with broker-side schema validation of values
// (confluent.value.schema.validation=true), and a record not framed by the registry's serializer must be refused.
// Prints one JSON line: {results: {FORMAT: {id, produced, decoded, ok, ...}}, ok, errors}.
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const [bootstrap, registryUrl, topicPrefix, formatsArg, mode] = process.argv.slice(2);
const validate = mode === 'validate';
const kafka = new Kafka({ clientId: 'kafkajs-registry-it', brokers: [bootstrap], logLevel: logLevel.NOTHING });
const registry = new SchemaRegistry({ host: registryUrl });
const COUNT = 25;

const SCHEMAS = {
  AVRO: {
    schema: JSON.stringify({ type: 'record', name: 'Reading', namespace: 'it',
      fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }] }),
    incompatible: JSON.stringify({ type: 'record', name: 'Reading', namespace: 'it',
      fields: [{ name: 'sensor', type: 'int' }] }),
  },
  JSON: {
    schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object',
      properties: { sensor: { type: 'string' }, value: { type: 'number' } }, required: ['sensor', 'value'] }),
    incompatible: JSON.stringify({ type: 'object', properties: { sensor: { type: 'integer' } } }),
  },
  PROTOBUF: {
    schema: 'syntax = "proto3";\npackage it;\n\nmessage Reading {\n  string sensor = 1;\n  double value = 2;\n}\n',
    incompatible: 'syntax = "proto3";\npackage it;\n\nmessage Reading {\n  int64 sensor = 1;\n  double value = 2;\n}\n',
  },
};

async function roundTrip(format) {
  const topic = `${topicPrefix}-${format.toLowerCase()}`;
  const subject = `${topic}-value`;
  const spec = SCHEMAS[format];
  const result = { format };
  const { id } = await registry.register({ type: SchemaType[format], schema: spec.schema }, { subject });
  result.id = id;
  result.sameIdAgain = (await registry.register({ type: SchemaType[format], schema: spec.schema },
    { subject })).id === id;
  result.latestId = await registry.getLatestSchemaId(subject);
  try {
    await registry.register({ type: SchemaType[format], schema: spec.incompatible }, { subject });
    result.incompatibleRejected = false;
  } catch (e) {
    result.incompatibleRejected = e.status === 409 || /409|incompatible/i.test(String(e.message));
  }
  if (validate) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1,
      configEntries: [{ name: 'confluent.value.schema.validation', value: 'true' }] }] });
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  if (validate) {
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'plain', value: 'not framed' }] });
      result.unframedRefused = false;
    } catch (e) {
      result.unframedRefused = e.type === 'INVALID_RECORD' || /INVALID_RECORD|invalid/i.test(String(e.message));
      result.unframedError = String(e.type || e.message);
    }
  }
  const messages = [];
  for (let i = 0; i < COUNT; i++) {
    messages.push({ key: `k${i}`, value: await registry.encode(id, { sensor: `s${i}`, value: i + 0.5 }) });
  }
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  result.produced = COUNT;
  const consumer = kafka.consumer({ groupId: `registry-${format}`, sessionTimeout: 10000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const decoded = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${decoded.length} of ${COUNT}`)), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        decoded.push(await registry.decode(message.value));
        if (decoded.length >= COUNT) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  result.decoded = decoded.length;
  result.valuesOk = decoded.every((v, i) => v.sensor === `s${i}` && Math.abs(v.value - (i + 0.5)) < 1e-9);
  result.ok = result.sameIdAgain && result.latestId === id && result.incompatibleRejected && result.valuesOk
    && (!validate || result.unframedRefused);
  return result;
}

async function main() {
  const results = {};
  const errors = [];
  for (const format of formatsArg.split(',')) {
    try {
      results[format] = await roundTrip(format);
    } catch (e) {
      errors.push(`${format}: ${e && e.stack ? e.stack : e}`);
      results[format] = { ok: false };
    }
  }
  const ok = errors.length === 0 && Object.values(results).every((r) => r.ok);
  console.log(JSON.stringify({ results, ok, errors }));
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.log(JSON.stringify({ ok: false, errors: [String(e && e.stack ? e.stack : e)] }));
  process.exit(1);
});
