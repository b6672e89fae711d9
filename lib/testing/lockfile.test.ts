import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types.
import { missingOptionalEntries } from '../../.ci/fix-lockfile.mjs';

describe('package-lock.json', () => {
  it('lists every optional dependency, so `npm ci` accepts it (run `npm run lock` after changing dependencies)', () => {
    const lock = JSON.parse(readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as unknown;
    expect([...(missingOptionalEntries(lock) as Map<string, unknown>).keys()]).toEqual([]);
  });
});
