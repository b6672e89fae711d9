/**
 * What the in-memory bus's history costs: publishes `events` location events (the bench's own
 * payload) to each of `topics` topics, with nobody subscribed, and prints the heap and RSS that
 * stay after forced GCs, per kept event. The default limits keep up to 1,000 events or 10 minutes
 * per topic, so a ride streaming its driver's location at 1 event/s holds 600 after 10 minutes.
 *
 *   node --expose-gc --import tsx bench/tools/bus-history-memory.ts [topics, default 1000] [events per topic, default 600]
 */
import process from 'node:process';
import { createMemoryBus } from '@/lib/bus/memory-bus';
import { locationPayload } from '../lib/payloads';
import { formatTable, num } from '../lib/table';

const topics = Number(process.argv[2] ?? 1000);
const perTopic = Number(process.argv[3] ?? 600);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  if (!Number.isInteger(topics) || topics < 1 || !Number.isInteger(perTopic) || perTopic < 1 || perTopic > 1000) {
    throw new Error('topics must be a positive integer, events per topic 1 to 1000 (the default history keeps 1,000)');
  }
  gc();
  gc();
  const before = process.memoryUsage();
  const bus = createMemoryBus();
  for (let seq = 1; seq <= perTopic; seq++) {
    for (let topic = 0; topic < topics; topic++) {
      await bus.publish(`ride:r_${topic}`, { type: 'location', data: locationPayload(topic, { run: 1, seq, sentUs: Date.now() * 1000 }) });
    }
  }
  gc();
  gc();
  const after = process.memoryUsage();
  const kept = topics * perTopic;
  console.log(`# in-memory bus history · node ${process.version} · ${num(topics)} topics × ${num(perTopic)} location events\n`);
  console.log(formatTable([{ header: 'figure' }, { header: 'value' }], [
    ['events kept', num(kept)],
    ['heap', `${num((after.heapUsed - before.heapUsed) / 1e6, 1)} MB`],
    ['heap per event', `${num((after.heapUsed - before.heapUsed) / kept)} B`],
    ['RSS', `${num((after.rss - before.rss) / 1e6, 1)} MB`],
  ]));
  await bus.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
