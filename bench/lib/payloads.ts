/**
 * The event payloads every target sends, built by the same functions in every target process so
 * the bytes on the wire are the same size everywhere. Each carries `run`, `seq` (1, 2, 3… per
 * topic per run) and `sentUs` (the publish time on the shared monotonic clock, see clock.ts):
 * API.md allows added fields.
 */
import type { ChatMessage, ServerFrame } from '@/lib/protocol/ws-messages';

export interface BenchStamp {
  run: number;
  seq: number;
  sentUs: number;
}

/**
 * A made-up driver id of the same length as a real one (`u_` + 32 characters). `tag` (default
 * `bench`) makes the ids of one seeding unique: a database may hold an earlier run's rides,
 * still `accepted`, and a driver has one active ride at most (`rides_one_active_per_driver`).
 */
export const benchDriverId = (index: number, tag = 'bench'): string => `u_${tag}${String(index).padStart(32 - tag.length, '0')}`;

/**
 * The baselines' made-up participants of pair i (they check no user), as long as real user ids,
 * so a chat frame's `from` is as many bytes as Curbside's.
 */
export const benchUserId = (role: 'rider' | 'driver', index: number): string => benchDriverId(index, role === 'rider' ? 'benchr' : 'benchd');

/** The baselines' ride i, as long as a real ride id (`r_` + 24 characters, lib/rides/ids.ts). */
export const benchRideId = (index: number): string => `r_bench${String(index).padStart(19, '0')}`;

/** `event: location` on a ride stream (API.md: `{ driverId, lat, lng, heading, speed, at }`). */
export function locationPayload(topicIndex: number, stamp: BenchStamp) {
  const step = stamp.seq * 0.0001;
  return {
    driverId: benchDriverId(topicIndex),
    lat: 52.37 + ((topicIndex % 100) * 0.001) + step,
    lng: 4.89 + (Math.floor(topicIndex / 100) * 0.001) + step,
    heading: (stamp.seq * 7) % 360,
    speed: 8.5,
    at: new Date().toISOString(),
    ...stamp,
  };
}

/** Ten H3-looking cells (resolution-8 ids are 15 hex digits). */
const SURGE_CELLS = Array.from({ length: 10 }, (_, i) => ({ h3: `88196${(0x2a10000 + i * 977).toString(16).padStart(9, '0')}fff`.slice(0, 15), multiplier: 1.2 + i / 10 }));

/** `event: surge` (API.md: `{ full, cells: [{ h3, multiplier }], at }`): a change of ten cells. */
export function surgePayload(stamp: BenchStamp) {
  return { full: false, cells: SURGE_CELLS, at: new Date().toISOString(), ...stamp };
}

/** The first event of a bare ride stream: the same shape as Curbside's `ride` snapshot. */
export function rideSnapshotPayload(rideId: string, riderId: string, driverId: string) {
  const at = new Date().toISOString();
  return {
    id: rideId, status: 'accepted', riderId, driverId,
    pickup: { lat: 52.37, lng: 4.89 }, dropoff: { lat: 52.36, lng: 4.91 }, surge: 1,
    fare: { amount: 12.4, currency: 'EUR' }, createdAt: at, updatedAt: at,
    driverLocation: null, riderName: 'bench rider', driverName: 'bench driver',
  };
}

/** `event: surge` snapshot (first event of a surge stream): full and, here, empty. */
export const surgeSnapshotPayload = () => ({ full: true, cells: [] as Array<{ h3: string; multiplier: number }>, at: new Date().toISOString() });

/** A chat body that carries its stamp (the chat frame has no room for extra fields of ours). */
export const chatBody = (stamp: BenchStamp): string => `bench ${stamp.run} ${stamp.seq} ${stamp.sentUs.toFixed(1)} — on my way, two minutes`;

/**
 * A stamped chat message from `from` in ride `rideId`, the ChatMessage shape (lib/protocol/
 * ws-messages.ts) in the order of lib/rides/rows.ts toChatMessage: what sendChat delivers after
 * its commit. seq is the stamp's (1..rounds per ride per run, as the database's would be).
 */
export function chatMessage(rideId: string, from: string, stamp: BenchStamp): ChatMessage {
  return { rideId, seq: stamp.seq, clientId: `bench-${stamp.run}-${stamp.seq}`, from, body: chatBody(stamp), at: new Date().toISOString() };
}

/** The `/ws` frame of a chat message, as sendChat builds it (`{ type: 'chat', ...message }`). */
export const chatFrame = (message: ChatMessage): ServerFrame<'chat'> => ({ type: 'chat', ...message });

/** Reads a stamp back from a chat body; null for any other message. */
export function parseChatBody(body: string): BenchStamp | null {
  const match = /^bench (\d+) (\d+) (\d+(?:\.\d+)?) /.exec(body);
  return match ? { run: Number(match[1]), seq: Number(match[2]), sentUs: Number(match[3]) } : null;
}

/** Reads the stamp of an SSE/Socket.IO payload; null when it has none. */
export function stampOf(value: unknown): BenchStamp | null {
  if (typeof value !== 'object' || value === null) return null;
  const { run, seq, sentUs } = value as Partial<BenchStamp>;
  return typeof run === 'number' && typeof seq === 'number' && typeof sentUs === 'number' ? { run, seq, sentUs } : null;
}
