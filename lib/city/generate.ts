/**
 * Writes Harbor City's published layers to `public/city/`:
 *
 *     npx tsx lib/city/generate.ts
 *
 * The output is deterministic (see {@link generateCity}); re-running it on an unchanged
 * generator leaves `git status` clean, which is how to check the committed files are current.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCity } from './generate-city';

const outDir = path.resolve(__dirname, '../../public/city');
const city = generateCity();
const files: Record<string, unknown> = {
  'water.geojson': city.water,
  'parks.geojson': city.parks,
  'blocks.geojson': city.blocks,
  'roads.geojson': city.roads,
  'roads.json': city.graph,
};
mkdirSync(outDir, { recursive: true });
for (const [name, data] of Object.entries(files)) {
  const text = `${JSON.stringify(data)}\n`;
  writeFileSync(path.join(outDir, name), text);
  console.log(`${name.padEnd(16)} ${(text.length / 1024).toFixed(0).padStart(5)} KB`);
}
console.log(`graph: ${city.graph.nodes.length} nodes, ${city.graph.edges.length} edges`);
