/**
 * "Nothing acknowledged is lost by a kill -9": a child process commits rows and reports each
 * commit; it is SIGKILLed mid-stream; every row it reported is there on reopening.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needs } from '@/lib/testing/external-service';
import { waitFor } from '@/lib/testing/wait-for';
import { createPgliteDb } from './pglite-db';
import { createPostgresDb } from './postgres-db';
import { testDatabaseUrl } from './testing/test-dbs';
import { createTestSchema } from './testing/test-schema';
import type { Db } from './types';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'testing', 'durability-child.ts');
/** Commits to see before the kill: enough that it lands mid-stream, not at start-up. */
const KILL_AFTER = 20;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs the child until it has reported KILL_AFTER commits, SIGKILLs it, and returns the last
 * reported n. tsx runs the script in a second process, so the kill goes to the whole process
 * group (`detached` makes the child its leader), and waits until the writer itself is gone.
 */
async function commitThenKill(args: string[]): Promise<number> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [CHILD, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let writerPid = 0;
  let acknowledged = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        writerPid ||= Number(/^ready (\d+)$/m.exec(buffered)?.[1] ?? 0);
        for (const match of buffered.matchAll(/^committed (\d+)$/gm)) acknowledged = Math.max(acknowledged, Number(match[1]));
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
        if (acknowledged >= KILL_AFTER) resolve();
      });
      void exited.then(() => reject(new Error(`child exited before ${KILL_AFTER} commits\n${stderr}`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exited;
    if (writerPid) await waitFor(() => !isAlive(writerPid), 10_000, `writer ${writerPid} gone after SIGKILL`);
  }
  expect(writerPid).toBeGreaterThan(0);
  return acknowledged;
}

/**
 * Every acknowledged row is there, with no gaps. More rows than acknowledged is fine: the
 * child commits faster than this process reads its reports, so some were still in the pipe.
 */
async function expectAcknowledgedRows(db: Db, acknowledged: number): Promise<void> {
  const rows = await db.query<{ n: number }>('SELECT n FROM durability_probe ORDER BY n');
  const ns = rows.map((row) => row.n);
  expect(ns.length).toBeGreaterThanOrEqual(acknowledged);
  expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => i + 1));
}

describe('durability: nothing acknowledged is lost by a kill -9', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('PGlite in a data directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'curbside-durability-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'pg');
    const acknowledged = await commitThenKill(['pglite', dataDir]);
    // The killed child's lock file is stale now; reopening takes it over and replays the WAL.
    const db = await createPgliteDb(dataDir);
    try {
      await expectAcknowledgedRows(db, acknowledged);
    } finally {
      await db.close();
    }
  }, 90_000);

  const url = testDatabaseUrl();
  it.skipIf(!url)(`PostgreSQL ${needs('DATABASE_URL', url)}`, async () => {
    const schema = await createTestSchema(url!);
    const db = createPostgresDb(url!, { schema: schema.name, max: 1 });
    try {
      const acknowledged = await commitThenKill(['postgres', url!, schema.name]);
      await expectAcknowledgedRows(db, acknowledged);
    } finally {
      await db.close();
      await schema.drop();
    }
  }, 60_000);
});
