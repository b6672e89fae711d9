/**
 * What a connection holds: compares two V8 heap snapshots (from `--heap-snapshot`, at a small and
 * a large connection count) by node type and constructor, per added connection.
 *
 *   node --max-old-space-size=8192 --import tsx bench/tools/heap-diff.ts small.heapsnapshot large.heapsnapshot <added connections>
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const NAMED = new Set(['object', 'closure', 'native', 'hidden']);

function tally(file: string): Map<string, { bytes: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? '?';
    const key = NAMED.has(type) ? `${type}: ${(snap.strings[snap.nodes[i + nameAt]!] ?? '').slice(0, 70)}` : type;
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += snap.nodes[i + sizeAt]!;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

const [small, large, added] = process.argv.slice(2);
if (!small || !large || !added || !(Number(added) > 0)) {
  console.error('usage: heap-diff.ts <small.heapsnapshot> <large.heapsnapshot> <added connections>');
  process.exit(2);
}
const n = Number(added);
const a = tally(small);
const b = tally(large);
const rows = [...b].map(([key, value]) => ({ key, bytes: (value.bytes - (a.get(key)?.bytes ?? 0)) / n, count: (value.count - (a.get(key)?.count ?? 0)) / n }));
rows.sort((x, y) => y.bytes - x.bytes);
console.log(`${(rows.reduce((sum, r) => sum + r.bytes, 0) / 1024).toFixed(1)} KB of heap per added connection`);
for (const row of rows.slice(0, 40)) console.log(`${row.bytes.toFixed(0).padStart(8)} B ${row.count.toFixed(1).padStart(7)}×  ${row.key}`);
