/**
 * The driver-independent half of `Db.transaction`: retrying lost races, refusing a `tx`
 * handle once its transaction is over, and noticing a COMMIT that silently rolled back.
 */
import { AppError } from '@/lib/errors';
import { DbErrorCode, serializationFailure } from './errors';
import type { Queryable } from './types';

/** How often a transaction that hit 40001 / 40P01 is run again before the error is thrown. */
export const TRANSACTION_RETRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` and runs it again (up to {@link TRANSACTION_RETRIES} more times) while it
 * fails with a serialisation failure or deadlock. The short, jittered, growing pause keeps
 * two transactions that deadlocked each other from colliding again in lockstep.
 */
export async function retryOnSerializationFailure<T>(attempt: () => Promise<T>, retries = TRANSACTION_RETRIES): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= retries || !serializationFailure(error)) throw error;
      await sleep(Math.random() * 10 * 2 ** tries);
    }
  }
}

/**
 * A `Queryable` for one transaction that refuses to run once the transaction has ended.
 * Without the guard a late query from a detached promise would run outside the transaction
 * (PGlite) or on a pooled connection that now belongs to someone else (pg).
 */
export function createTransactionHandle(run: Queryable['query']): { tx: Queryable; end(): void } {
  let open = true;
  return {
    tx: {
      query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
        if (!open) {
          return Promise.reject(new AppError(DbErrorCode.TRANSACTION_FINISHED, 'This transaction has already ended; run the query inside the transaction callback', 500));
        }
        return run<Row>(sql, params);
      },
    },
    end: () => {
      open = false;
    },
  };
}

/**
 * PostgreSQL answers COMMIT of a transaction in which a statement failed with ROLLBACK, not an
 * error. If `fn` caught that failure and returned normally, its writes are gone: say so.
 */
export function assertCommitted(commandTag: string | null | undefined): void {
  if (commandTag === 'ROLLBACK') {
    throw new AppError(
      DbErrorCode.TRANSACTION_ABORTED,
      'The transaction was rolled back: a statement in it failed and the error was caught inside the transaction callback',
      500,
    );
  }
}
