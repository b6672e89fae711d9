/**
 * One process per PGlite data directory. PGlite runs PostgreSQL in single-user mode without
 * the postmaster's lock, so a second process opening the same directory (say `npm run dev`
 * twice) starts without complaint and the two silently overwrite each other's files. A lock
 * file next to the directory, holding the owner's pid, turns that into a clear start-up error.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { DbErrorCode } from './errors';

/** A held lock; `release` is idempotent. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Lock files this process holds: a second open from inside one process is refused too. */
const heldHere = new Set<string>();

const readLock = (lockPath: string): string | undefined => {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
};

/** Linux: a killed process nobody has reaped yet (a container without an init) still has a pid. */
const isZombie = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `<dataDir>.lock`, or throws `DB_DATA_DIR_LOCKED` naming the holder. A lock left by a
 * process that died (kill -9, crash) is taken over: its pid is no longer alive, or it is this
 * process's own pid from an earlier life (pid 1 in a restarted container).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const token = `${process.pid} ${randomUUID()}`;
  // Two rounds: the second follows removing a stale lock; losing that race to another
  // starter means the other one holds it now.
  for (let round = 0; round < 2; round += 1) {
    if (heldHere.has(lockPath)) break;
    try {
      writeFileSync(lockPath, token, { flag: 'wx' });
      heldHere.add(lockPath);
      return {
        path: lockPath,
        release() {
          if (!heldHere.delete(lockPath)) return;
          if (readLock(lockPath) === token) rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readLock(lockPath) ?? '', 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw lockedError(dataDir, lockPath, `process ${holder}`);
    }
    rmSync(lockPath, { force: true });
  }
  throw lockedError(dataDir, lockPath, heldHere.has(lockPath) ? 'this process' : 'another process');
}

const lockedError = (dataDir: string, lockPath: string, holder: string) =>
  new AppError(
    DbErrorCode.DATA_DIR_LOCKED,
    `The PGlite data directory ${dataDir} is already open in ${holder}. PGlite allows one process per directory: ` +
      `stop the other instance, give this one its own DATA_DIR, or set DATABASE_URL so instances share PostgreSQL. ` +
      `If no other instance is running, delete ${lockPath}.`,
    500,
  );
