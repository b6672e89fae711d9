/**
 * Driver ↔ rider chat. A message is committed with the ride's next `seq` (the ride row's
 * counter, taken under its row lock, so seqs are gapless and ordered), acknowledged, then
 * delivered to both participants. `clientId` is the idempotency key: a resend returns the
 * stored message and never makes a second one.
 */
import { AppError } from '@/lib/errors';
import { uniqueViolation } from '@/lib/db/errors';
import type { User } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import type { ChatMessage } from '@/lib/protocol/ws-messages';
import type { RideContext } from './context';
import { ASSIGNED_SQL, toChatMessage, type ChatRow, type RideRow } from './rows';

/** Most messages a single `resume` replays per ride; a client further behind resumes again from the last one. */
export const RESUME_PAGE = 500;
const CHAT_OPEN = new Set(['accepted', 'arrived', 'in_progress']);

function checkParticipant(ride: Pick<RideRow, 'rider_id' | 'driver_id'> | undefined, user: User): asserts ride {
  if (!ride) throw new AppError(ErrorCode.NOT_FOUND, 'No such ride', 404);
  if (ride.rider_id !== user.id && ride.driver_id !== user.id) throw new AppError(ErrorCode.FORBIDDEN, 'This is not your ride', 403);
}

/**
 * One statement, one round trip: the ride's counter is bumped under its row lock only when the
 * sender is a participant, the chat is open and the clientId is new, and the message is
 * inserted with that seq. The statement is atomic, so a failed insert (the same clientId sent
 * twice at once: the unique key) also undoes its bump, and seqs stay gapless. The conditions
 * on `rides` are re-checked on the locked row, so a ride completed meanwhile takes no message.
 */
const SEND_SQL = `
WITH ride AS (
  SELECT rider_id, driver_id, status FROM rides WHERE id = $1
), existing AS (
  SELECT * FROM chat_messages WHERE ride_id = $1 AND client_id = $2
), bumped AS (
  UPDATE rides r SET chat_seq = r.chat_seq + 1
  WHERE r.id = $1 AND (r.rider_id = $3 OR r.driver_id = $3) AND r.status IN ${ASSIGNED_SQL}
    AND NOT EXISTS (SELECT 1 FROM existing)
  RETURNING r.chat_seq, r.rider_id, r.driver_id
), inserted AS (
  INSERT INTO chat_messages (ride_id, seq, client_id, sender_id, body)
  SELECT $1, chat_seq, $2, $3, $4 FROM bumped
  RETURNING *
)
SELECT
  (SELECT row_to_json(ride) FROM ride) AS ride,
  (SELECT row_to_json(existing) FROM existing) AS existing,
  (SELECT row_to_json(inserted) FROM inserted) AS inserted,
  (SELECT row_to_json(bumped) FROM bumped) AS bumped`;

interface SendRow {
  ride: Pick<RideRow, 'rider_id' | 'driver_id' | 'status'> | null;
  existing: ChatRow | null;
  inserted: ChatRow | null;
  bumped: Pick<RideRow, 'rider_id' | 'driver_id'> | null;
}

export async function sendChat(
  ctx: RideContext,
  user: User,
  message: { rideId: string; clientId: string; body: string },
): Promise<{ message: ChatMessage; created: boolean }> {
  const attempt = async () => {
    const [row] = await ctx.db.query<SendRow>(SEND_SQL, [message.rideId, message.clientId, user.id, message.body]);
    const { existing, inserted, bumped } = row ?? { existing: null, inserted: null, bumped: null };
    const ride = row?.ride ?? undefined;
    checkParticipant(ride, user);
    if (existing) {
      if (existing.sender_id !== user.id) throw new AppError(ErrorCode.CONFLICT, 'That clientId is already used in this ride', 409);
      return { message: toChatMessage(existing), created: false, participants: [] as string[] };
    }
    if (!inserted || !bumped) {
      // A participant, a new clientId, and no row: the chat is closed (the status, as now).
      const [now] = await ctx.db.query<Pick<RideRow, 'status'>>('SELECT status FROM rides WHERE id = $1', [message.rideId]);
      const status = now?.status ?? ride.status;
      if (!CHAT_OPEN.has(status)) throw new AppError(ErrorCode.CONFLICT, `Chat is closed: the ride is ${status.replace('_', ' ')}`, 409);
      // The driver changed meanwhile (cannot happen once assigned); refuse like any stranger.
      throw new AppError(ErrorCode.FORBIDDEN, 'This is not your ride', 403);
    }
    return { message: toChatMessage(inserted), created: true, participants: [bumped.rider_id, bumped.driver_id].filter((id): id is string => !!id) };
  };

  let result;
  try {
    result = await attempt();
  } catch (error) {
    // The same clientId sent twice at once: one insert wins, the other finds it on retry.
    if (!uniqueViolation(error, 'chat_messages_ride_id_client_id_key')) throw error;
    result = await attempt();
  }
  if (result.created) {
    const frame = { type: 'chat', ...result.message };
    await ctx.deliver(result.participants, frame).catch((error: unknown) => ctx.log.error({ err: error }, 'chat delivery failed'));
  }
  return { message: result.message, created: result.created };
}

/** Every message after `afterSeq`, in order (for `resume`); participants only. */
export async function chatAfter(ctx: RideContext, user: User, rideId: string, afterSeq: number): Promise<ChatMessage[]> {
  const [ride] = await ctx.db.query<RideRow>('SELECT rider_id, driver_id FROM rides WHERE id = $1', [rideId]);
  checkParticipant(ride, user);
  const rows = await ctx.db.query<ChatRow>(
    'SELECT * FROM chat_messages WHERE ride_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [rideId, afterSeq, RESUME_PAGE],
  );
  return rows.map(toChatMessage);
}
