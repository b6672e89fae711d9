import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { uniqueViolation } from './errors';
import { forEachDb } from './testing/test-dbs';
import { TRANSACTION_RETRIES } from './transaction-runner';
import type { Queryable } from './types';

const codeOf = async (promise: Promise<unknown>): Promise<unknown> => {
  const error: unknown = await promise.then(() => null, (e: unknown) => e);
  return isAppError(error) ? error.code : error;
};
const serializationError = () => Object.assign(new Error('could not serialize access'), { code: '40001' });
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

// These tests need no app tables: each makes its own rows in `tx_probe` under a fresh key.
forEachDb('Db.transaction', (getDb, kind) => {
  beforeAll(async () => {
    await getDb().query('CREATE TABLE tx_probe (key text PRIMARY KEY, n integer NOT NULL)');
  });
  const newKey = async (n = 0) => {
    const key = randomUUID();
    await getDb().query('INSERT INTO tx_probe (key, n) VALUES ($1, $2)', [key, n]);
    return key;
  };
  const valueOf = async (key: string, q: Queryable = getDb()) =>
    (await q.query<{ n: number }>('SELECT n FROM tx_probe WHERE key = $1', [key]))[0]?.n;

  it('commits what the callback wrote and returns its result', async () => {
    const key = randomUUID();
    const result = await getDb().transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe (key, n) VALUES ($1, 1)', [key]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await valueOf(key)).toBe(1);
  });

  it('rolls everything back when the callback throws, and rethrows its error', async () => {
    const key = await newKey(1);
    const other = randomUUID();
    const failure = new Error('changed my mind');
    await expect(getDb().transaction(async (tx) => {
      await tx.query('UPDATE tx_probe SET n = 2 WHERE key = $1', [key]);
      await tx.query('INSERT INTO tx_probe (key, n) VALUES ($1, 1)', [other]);
      throw failure;
    })).rejects.toBe(failure);
    expect(await valueOf(key)).toBe(1);
    expect(await valueOf(other)).toBeUndefined();
  });

  it('rolls back on a failing statement and leaves the Db usable', async () => {
    const key = await newKey(1);
    const error = await getDb().transaction(async (tx) => {
      await tx.query('UPDATE tx_probe SET n = 5 WHERE key = $1', [key]);
      await tx.query('INSERT INTO tx_probe (key, n) VALUES ($1, 0)', [key]);
    }).catch((e: unknown) => e);
    expect(uniqueViolation(error, 'tx_probe_pkey')).toBe(true);
    expect(await valueOf(key)).toBe(1);
    expect(await getDb().transaction((tx) => valueOf(key, tx))).toBe(1);
  });

  it('refuses to report success when a failed statement was swallowed (COMMIT rolled back)', async () => {
    const key = await newKey(1);
    const outcome = getDb().transaction(async (tx) => {
      await tx.query('UPDATE tx_probe SET n = 7 WHERE key = $1', [key]);
      await tx.query('SELECT 1 / 0').catch(() => undefined);
    });
    expect(await codeOf(outcome)).toBe('DB_TRANSACTION_ABORTED');
    expect(await valueOf(key)).toBe(1);
  });

  it('runs the callback again after a serialisation failure (40001), then commits once', async () => {
    const key = await newKey(0);
    let attempts = 0;
    const result = await getDb().transaction(async (tx) => {
      attempts += 1;
      await tx.query('UPDATE tx_probe SET n = n + 1 WHERE key = $1', [key]);
      if (attempts === 1) throw serializationError();
      return attempts;
    });
    expect(result).toBe(2);
    // The failed attempt's write was rolled back: exactly one increment.
    expect(await valueOf(key)).toBe(1);
  });

  it(`gives up after ${TRANSACTION_RETRIES} retries, and never retries other errors`, async () => {
    let attempts = 0;
    const alwaysLoses = getDb().transaction(async () => {
      attempts += 1;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    expect(await codeOf(alwaysLoses)).toMatchObject({ code: '40P01' });
    expect(attempts).toBe(TRANSACTION_RETRIES + 1);

    attempts = 0;
    await expect(getDb().transaction(async () => {
      attempts += 1;
      throw new Error('a bug, not a race');
    })).rejects.toThrow('a bug');
    expect(attempts).toBe(1);
  });

  it('refuses a tx handle used after its transaction ended', async () => {
    let leaked: Queryable | undefined;
    await getDb().transaction(async (tx) => {
      leaked = tx;
    });
    expect(await codeOf(leaked!.query('SELECT 1'))).toBe('DB_TRANSACTION_FINISHED');
  });

  it('runs parameterless multi-statement SQL, returning the last statement\'s rows', async () => {
    const rows = await getDb().query<{ total: string }>('SELECT 1; SELECT count(*) AS total FROM tx_probe WHERE false');
    // bigint comes back as a string on both back ends, as pg does.
    expect(rows).toEqual([{ total: '0' }]);
  });

  it('passes arrays, nulls, dates and booleans as parameters the same way on both back ends', async () => {
    const at = new Date('2030-01-02T03:04:05.678Z');
    const [row] = await getDb().query<Record<string, unknown>>(
      'SELECT $1 = ANY($2::text[]) AS member, $3::text IS NULL AS missing, $4::timestamptz AS at, $5::boolean AS flag, $6::numeric(10, 2) AS amount',
      ['b', ['a', 'b'], null, at, true, '12.5'],
    );
    expect(row).toEqual({ member: true, missing: true, at, flag: true, amount: '12.50' });
  });

  if (kind === 'pglite') {
    it('serialises concurrent transactions: 20 read-increment-write transactions end at 20', async () => {
      const key = await newKey(0);
      await Promise.all(Array.from({ length: 20 }, () => getDb().transaction(async (tx) => {
        const n = (await valueOf(key, tx))!;
        await new Promise((resolve) => setImmediate(resolve));
        await tx.query('UPDATE tx_probe SET n = $2 WHERE key = $1', [key, n + 1]);
      })));
      expect(await valueOf(key)).toBe(20);
    });

    it('makes plain queries wait for a running transaction instead of running inside it', async () => {
      const key = randomUUID();
      const gate = deferred();
      const inserted = deferred();
      const transaction = getDb().transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe (key, n) VALUES ($1, 1)', [key]);
        inserted.resolve();
        await gate.promise;
        throw new Error('roll it back');
      });
      await inserted.promise;
      // Issued mid-transaction: must not see (or join) the uncommitted row.
      const read = valueOf(key);
      gate.resolve();
      await expect(transaction).rejects.toThrow('roll it back');
      expect(await read).toBeUndefined();
    });

    it('throws instead of deadlocking when the callback uses the Db rather than tx', async () => {
      const outcome = getDb().transaction(async () => {
        await getDb().query('SELECT 1');
      });
      expect(await codeOf(outcome)).toBe('DB_QUERY_INSIDE_TRANSACTION');
      const nested = getDb().transaction(() => getDb().transaction(async () => 1));
      expect(await codeOf(nested)).toBe('DB_QUERY_INSIDE_TRANSACTION');
    });
  }

  if (kind === 'postgres') {
    it('runs transactions in parallel on the pool; row locks keep 20 increments exact', async () => {
      const key = await newKey(0);
      await Promise.all(Array.from({ length: 20 }, () => getDb().transaction(async (tx) => {
        const [row] = await tx.query<{ n: number }>('SELECT n FROM tx_probe WHERE key = $1 FOR UPDATE', [key]);
        await tx.query('UPDATE tx_probe SET n = $2 WHERE key = $1', [key, row!.n + 1]);
      })));
      expect(await valueOf(key)).toBe(20);
    });

    it('retries a real serialisation failure between two SERIALIZABLE transactions', async () => {
      const key = await newKey(0);
      let attempts = 0;
      let firstReads = 0;
      const bothRead = deferred();
      const increment = () => getDb().transaction(async (tx) => {
        attempts += 1;
        await tx.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
        const n = (await valueOf(key, tx))!;
        // First attempts only: both read the same value before either writes.
        if (firstReads < 2) {
          firstReads += 1;
          if (firstReads === 2) bothRead.resolve();
          await bothRead.promise;
        }
        await tx.query('UPDATE tx_probe SET n = $2 WHERE key = $1', [key, n + 1]);
      });
      await Promise.all([increment(), increment()]);
      expect(await valueOf(key)).toBe(2);
      expect(attempts).toBeGreaterThanOrEqual(3);
    });
  }
}, { migrations: [] });
