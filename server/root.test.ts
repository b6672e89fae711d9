import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from './root';

describe('projectRoot', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tree = () => {
    const root = mkdtempSync(path.join(tmpdir(), 'curbside-root-'));
    made.push(root);
    writeFileSync(path.join(root, 'package.json'), '{}');
    writeFileSync(path.join(root, 'next.config.ts'), 'export default {};');
    mkdirSync(path.join(root, '.next', 'curbside'), { recursive: true });
    // As `next build` leaves it: a package.json of its own inside .next/.
    writeFileSync(path.join(root, '.next', 'package.json'), '{"type":"commonjs"}');
    mkdirSync(path.join(root, 'server'));
    return root;
  };

  it('finds the root from the source folder and from the build folder alike', () => {
    const root = tree();
    expect(projectRoot(path.join(root, 'server'))).toBe(root);
    expect(projectRoot(path.join(root, '.next', 'curbside'))).toBe(root);
    expect(projectRoot(root)).toBe(root);
  });

  it('is this repository for the real server folder', () => {
    expect(projectRoot(__dirname)).toBe(path.resolve(__dirname, '..'));
  });

  it('throws when no folder above holds next.config.ts', () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'curbside-noroot-'));
    made.push(bare);
    writeFileSync(path.join(bare, 'package.json'), '{}');
    expect(() => projectRoot(bare)).toThrow(/no next\.config\.ts/);
  });
});
