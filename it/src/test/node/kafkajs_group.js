// Three kafkajs consumers in one group share a topic; each record is processed once. Every batch's
// offsets are committed before the batch counts as processed. Produces the records itself first.
// Usage: node kafkajs_group.js BOOTSTRAP TOPIC GROUP PARTITIONS PER_PARTITION
// Prints one JSON line: {processed, duplicates, assignments, ok, errors}.
const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, topic, group, partitionsArg, perPartitionArg] = process.argv.slice(2);
const partitions = Number(partitionsArg);
const perPartition = Number(perPartitionArg);
const total = partitions * perPartition;
const kafka = new Kafka({ clientId: 'kafkajs-it', brokers: [bootstrap], logLevel: logLevel.NOTHING });

const seen = new Set();
const duplicates = [];
const errors = [];
const assignments = new Map();

async function produce() {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let p = 0; p < partitions; p++) {
    const messages = [];
    for (let i = 0; i < perPartition; i++) {
      messages.push({ key: `k${p}-${i}`, value: `v${p}-${i}`, partition: p });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

async function member(index) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 500,
    rebalanceTimeout: 10000 });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const owned = e.payload.memberAssignment[topic] || [];
    assignments.set(index, owned);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) {
        return;
      }
      const last = batch.messages[batch.messages.length - 1];
      await consumer.commitOffsets([{ topic, partition: batch.partition, offset: (Number(last.offset) + 1).toString() }]);
      for (const m of batch.messages) {
        const id = `${batch.partition}:${m.offset}`;
        if (seen.has(id)) {
          duplicates.push(id);
        }
        seen.add(id);
        if (m.value.toString() !== `v${batch.partition}-${m.offset}`) {
          errors.push(`unexpected value at ${id}: ${m.value}`);
        }
      }
    },
  });
  return consumer;
}

function balanced() {
  const owners = new Map();
  for (const [index, owned] of assignments) {
    for (const p of owned) {
      if (owners.has(p)) {
        return false;
      }
      owners.set(p, index);
    }
  }
  return owners.size === partitions && [...assignments.values()].filter((o) => o.length > 0).length === 3;
}

async function main() {
  await produce();
  const consumers = [];
  for (let i = 0; i < 3; i++) {
    consumers.push(await member(i));
  }
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline && !(seen.size >= total && balanced())) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const owned = Object.fromEntries([...assignments].map(([i, o]) => [i, o]));
  // judged before leaving: members leaving one by one trigger rebalances of their own
  const ok = seen.size === total && balanced();
  for (const c of consumers) {
    await c.disconnect();
  }
  console.log(JSON.stringify({ processed: seen.size, duplicates, assignments: owned, ok, errors }));
  process.exit(ok && errors.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(JSON.stringify({ processed: seen.size, duplicates, ok: false, errors: [String(e && e.stack || e)] }));
  process.exit(1);
});
