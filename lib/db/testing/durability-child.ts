/**
 * Child process for lib/db/durability.test.ts: commits numbered rows one transaction at a
 * time and prints `committed <n>` after each COMMIT has returned, until it is killed.
 *
 *   tsx lib/db/testing/durability-child.ts pglite <dataDir>
 *   tsx lib/db/testing/durability-child.ts postgres <url> <schema>
 */
import { createPostgresDb } from '../postgres-db';
import type { Db } from '../types';
import { createTestPgliteDb } from './pglite-template';

async function main(): Promise<void> {
  const [kind, target, schema] = process.argv.slice(2);
  if (!target || (kind !== 'pglite' && kind !== 'postgres')) throw new Error('usage: durability-child.ts pglite <dataDir> | postgres <url> <schema>');
  // Seeded from the test snapshot rather than initdb: seconds faster, and initdb is not under test.
  const db: Db = kind === 'pglite' ? await createTestPgliteDb(target) : createPostgresDb(target, { schema, max: 1 });
  await db.query('CREATE TABLE IF NOT EXISTS durability_probe (n integer PRIMARY KEY, payload text NOT NULL)');
  // The pid of this very process: tsx runs the script in a child of the pid the parent spawned.
  process.stdout.write(`ready ${process.pid}\n`);
  // Keeps writing, so the kill lands while a transaction is in flight as well as between them.
  for (let n = 1; ; n += 1) {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO durability_probe (n, payload) VALUES ($1, $2)', [n, 'x'.repeat(2_000)]);
    });
    process.stdout.write(`committed ${n}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
