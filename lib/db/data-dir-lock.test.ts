import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { lockDataDir } from './data-dir-lock';

const root = mkdtempSync(path.join(tmpdir(), 'curbside-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : error;
  }
};

/** The pid of a process that has already exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('lockDataDir', () => {
  it('lets one holder in at a time, and the next one in after release', () => {
    const dir = path.join(root, 'a', 'pg');
    const lock = lockDataDir(dir);
    expect(readFileSync(lock.path, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    expect(codeOf(() => lockDataDir(dir))).toBe('DB_DATA_DIR_LOCKED');
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses while another live process holds it, naming it and the file to delete', () => {
    const dir = path.join(root, 'b');
    writeFileSync(`${dir}.lock`, `${process.ppid} someone-else`);
    let message = '';
    try {
      lockDataDir(dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`process ${process.ppid}`);
    expect(message).toContain(`${dir}.lock`);
    expect(message).toContain('DATABASE_URL');
  });

  it('takes over a lock left by a process that died (kill -9) or by an earlier life of this pid', () => {
    for (const [name, stale] of [['c', `${deadPid()} gone`], ['d', `${process.pid} previous-life`], ['e', '']] as const) {
      const dir = path.join(root, name);
      writeFileSync(`${dir}.lock`, stale);
      const lock = lockDataDir(dir);
      expect(readFileSync(lock.path, 'utf8')).not.toBe(stale);
      lock.release();
    }
  });
});
