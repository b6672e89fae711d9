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
import { toChatMessage, type ChatRow, type RideRow } from './rows';

/** Most messages a single `resume` replays per ride; a client further behind resumes again from the last one. */
export const RESUME_PAGE = 500;
const CHAT_OPEN = new Set(['accepted', 'arrived', 'in_progress']);

function checkParticipant(ride: Pick<RideRow, 'rider_id' | 'driver_id'> | undefined, user: User): asserts ride {
  if (!ride) throw new AppError(ErrorCode.NOT_FOUND, 'No such ride', 404);
  if (ride.rider_id !== user.id && ride.driver_id !== user.id) throw new AppError(ErrorCode.FORBIDDEN, 'This is not your ride', 403);
}

export async function sendChat(
  ctx: RideContext,
  user: User,
  message: { rideId: string; clientId: string; body: string },
): Promise<{ message: ChatMessage; created: boolean }> {
  const attempt = () => ctx.db.transaction(async (tx) => {
    const [ride] = await tx.query<RideRow>('SELECT * FROM rides WHERE id = $1 FOR UPDATE', [message.rideId]);
    checkParticipant(ride, user);
    const [existing] = await tx.query<ChatRow>('SELECT * FROM chat_messages WHERE ride_id = $1 AND client_id = $2', [message.rideId, message.clientId]);
    if (existing) {
      if (existing.sender_id !== user.id) throw new AppError(ErrorCode.CONFLICT, 'That clientId is already used in this ride', 409);
      return { message: toChatMessage(existing), created: false, participants: [] as string[] };
    }
    if (!CHAT_OPEN.has(ride.status)) {
      throw new AppError(ErrorCode.CONFLICT, `Chat is closed: the ride is ${ride.status.replace('_', ' ')}`, 409);
    }
    const [{ chat_seq: seq }] = (await tx.query<{ chat_seq: number }>(
      'UPDATE rides SET chat_seq = chat_seq + 1 WHERE id = $1 RETURNING chat_seq', [message.rideId],
    )) as [{ chat_seq: number }];
    const [row] = await tx.query<ChatRow>(
      `INSERT INTO chat_messages (ride_id, seq, client_id, sender_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [message.rideId, seq, message.clientId, user.id, message.body],
    );
    return { message: toChatMessage(row!), created: true, participants: [ride.rider_id, ride.driver_id].filter((id): id is string => !!id) };
  });

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
    await Promise.all(result.participants.map((id) =>
      ctx.deliver(id, frame).catch((error: unknown) => ctx.log.error({ err: error }, 'chat delivery failed'))));
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
