/**
 * The ride domain's WebSocket frames, registered with the hub by type. The hub has already
 * authenticated the connection and validated each frame against its zod schema.
 */
import { AppError, isAppError } from '@/lib/errors';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { createRateLimiter } from '@/lib/server/rate-limit';
import type { Hub } from '@/lib/ws/hub';
import { chatAfter, sendChat } from './chat';
import type { RideContext } from './context';
import { acceptOffer, openOffersFor, rejectOffer } from './dispatch';
import { reportLocation, setOnline } from './drivers';
import { currentRideOf, driverStep } from './ride-service';

/** Registers every ride-domain handler; returns the function that unregisters them. */
export function registerRideHandlers(hub: Hub, ctx: RideContext): () => void {
  // Per user, across their tabs: a fix a second is plenty (simulated drivers send every 1–4 s).
  const locations = createRateLimiter({ capacity: 5, refillPerSecond: 2 });
  const chats = createRateLimiter({ capacity: 10, refillPerSecond: 1 });
  const limit = (limiter: typeof chats, key: string, what: string) => {
    const wait = limiter.take(key);
    if (wait > 0) throw new AppError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${Math.ceil(wait / 1000)} s`, 429, wait);
  };

  const off = [
    hub.on('driver.online', async (frame, { user }) => void (await setOnline(ctx, user, frame.online))),
    // A driver who closed the app is not dispatchable: otherwise each offer would wait out its
    // TTL on nobody. The app says `driver.online` again after every reconnect.
    hub.onUserGone((user) => {
      if (user.role !== 'driver') return;
      setOnline(ctx, user, false).catch((error: unknown) => ctx.log.warn({ err: error, user: user.id }, 'marking a gone driver offline failed'));
    }),
    hub.on('location', async (frame, { user }) => {
      limit(locations, user.id, 'location updates');
      await reportLocation(ctx, user, frame);
    }),
    hub.on('offer.accept', async (frame, { user }) => ({ rideId: (await acceptOffer(ctx, frame.offerId, user)).id })),
    hub.on('offer.reject', async (frame, { user }) => void (await rejectOffer(ctx, frame.offerId, user))),
    hub.on('ride.arrived', async (frame, { user }) => ({ status: (await driverStep(ctx, 'ride.arrived', frame.rideId, user)).status })),
    hub.on('ride.start', async (frame, { user }) => ({ status: (await driverStep(ctx, 'ride.start', frame.rideId, user)).status })),
    hub.on('ride.complete', async (frame, { user }) => ({ status: (await driverStep(ctx, 'ride.complete', frame.rideId, user)).status })),
    hub.on('chat.send', async (frame, { user }) => {
      limit(chats, user.id, 'messages');
      const { message } = await sendChat(ctx, user, frame);
      return { seq: message.seq, message };
    }),
    hub.onResume(async (frame, connection) => {
      const { user } = connection;
      const current = await currentRideOf(ctx, user);
      if (current) connection.send({ type: 'ride', ride: current });
      for (const [rideId, lastSeq] of Object.entries(frame.chat)) {
        try {
          for (const message of await chatAfter(ctx, user, rideId, lastSeq)) connection.send({ type: 'chat', ...message });
        } catch (error) {
          if (!isAppError(error)) throw error;
          connection.send({ type: 'error', code: error.code, message: `resume ${rideId}: ${error.message}` });
        }
      }
      if (user.role === 'driver') for (const offer of await openOffersFor(ctx, user.id)) connection.send(offer);
    }),
  ];
  return () => off.forEach((unregister) => unregister());
}
