import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderProtocolDoc } from './render-docs';

describe('docs/protocol.md', () => {
  it('matches the zod schemas (run `npm run protocol:docs` after changing lib/protocol)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../docs/protocol.md'), 'utf8');
    expect(committed).toBe(renderProtocolDoc());
  });
});
