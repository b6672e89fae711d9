/** Writes docs/protocol.md from the zod schemas (`npm run protocol:docs`). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderProtocolDoc } from '../lib/protocol/render-docs';

const target = path.join(__dirname, 'protocol.md');
writeFileSync(target, renderProtocolDoc());
console.log(`wrote ${target}`);
