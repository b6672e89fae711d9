/** Every bus topic name in one place. */
export const topics = {
  /** Surge cell changes: `/api/surge/stream`. */
  surge: 'surge',
  /** A ride's status changes and its driver's locations: `/api/rides/:id/stream`. */
  ride: (rideId: string) => `ride:${rideId}`,
  /** WebSocket frames for one user, on whichever instance holds their connections. */
  user: (userId: string) => `user:${userId}`,
} as const;
