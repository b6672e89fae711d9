import pino from 'pino';
import { expect, it } from 'vitest';
import { forEachDb } from '@/lib/db/testing/test-dbs';
import type { Db } from '@/lib/db/types';
import { AppError } from '@/lib/errors';
import { DEFAULT_RIDE_SETTINGS, type RideContext } from './context';
import { chatAfter, sendChat } from './chat';
import { insertRide } from './testing/ride-fixtures';

async function rideWithChat(db: Db, status = 'accepted') {
  const { rideId, rider, driver, stranger } = await insertRide(db, { status });
  const delivered: Array<[string, number]> = [];
  const ctx: RideContext = {
    db, bus: undefined as never, log: pino({ level: 'silent' }), settings: DEFAULT_RIDE_SETTINGS,
    deliver: async (userIds, frame) => void delivered.push(...userIds.map((userId): [string, number] => [userId, Number(frame.seq)])),
  };
  return { ctx, rideId, rider, driver, stranger, delivered };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: unknown) => (error instanceof AppError ? error.code : String(error)));

forEachDb('sendChat', (getDb) => {
  it('gives concurrent sends from both sides gapless seqs 1..n, each stored once and delivered to both', async () => {
    const { ctx, rideId, rider, driver, delivered } = await rideWithChat(getDb());
    const sends = Array.from({ length: 20 }, (_, i) => sendChat(ctx, i % 2 ? driver : rider, { rideId, clientId: `c${i}`, body: `m${i}` }));
    const results = await Promise.all(sends);
    expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.every((r) => r.created)).toBe(true);
    const stored = await chatAfter(ctx, rider, rideId, 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(delivered).toHaveLength(40);
  });

  it('makes one message of a clientId sent twice at once, or again later, without burning a seq', async () => {
    const { ctx, rideId, rider } = await rideWithChat(getDb());
    const [a, b] = await Promise.all([
      sendChat(ctx, rider, { rideId, clientId: 'same', body: 'hello' }),
      sendChat(ctx, rider, { rideId, clientId: 'same', body: 'hello' }),
    ]);
    expect(a.message.seq).toBe(1);
    expect(b.message.seq).toBe(1);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await sendChat(ctx, rider, { rideId, clientId: 'same', body: 'hello' });
    expect(again).toMatchObject({ created: false, message: { seq: 1, body: 'hello' } });
    const next = await sendChat(ctx, rider, { rideId, clientId: 'other', body: 'next' });
    expect(next.message.seq).toBe(2);
  });

  it('refuses strangers (403), unknown rides (404), a clientId of the other side (409) and closed chats (409)', async () => {
    const db = getDb();
    const { ctx, rideId, rider, driver, stranger } = await rideWithChat(db);
    expect(await codeOf(sendChat(ctx, stranger, { rideId, clientId: 'x', body: 'hi' }))).toBe('FORBIDDEN');
    expect(await codeOf(sendChat(ctx, rider, { rideId: 'r_none', clientId: 'x', body: 'hi' }))).toBe('NOT_FOUND');
    await sendChat(ctx, rider, { rideId, clientId: 'mine', body: 'hi' });
    expect(await codeOf(sendChat(ctx, driver, { rideId, clientId: 'mine', body: 'hi' }))).toBe('CONFLICT');
    await db.query(`UPDATE rides SET status = 'completed' WHERE id = $1`, [rideId]);
    expect(await codeOf(sendChat(ctx, rider, { rideId, clientId: 'late', body: 'hi' }))).toBe('CONFLICT');
    // Nothing was counted for the refused sends.
    const [row] = await db.query<{ chat_seq: number }>('SELECT chat_seq FROM rides WHERE id = $1', [rideId]);
    expect(row?.chat_seq).toBe(1);
  });
});
