/**
 * A Socket.IO 4 client (WebSocket transport only) that joins one room and counts the same
 * stamped events as the SSE and WebSocket clients. Reconnects use Socket.IO's own backoff,
 * configured to the same base and cap.
 */
import { io, type Socket } from 'socket.io-client';
import { nowUs } from '../lib/clock';
import { chatBody, parseChatBody, stampOf } from '../lib/payloads';
import type { Meter } from './meter';
import { RunTrackers } from './meter';
import type { Backoff } from './sse-client';
import type { ChatCounts } from './ws-client';

export interface SioClientOptions {
  port: number;
  room: string;
  rideId: string;
  backoff: Backoff;
  meter: Meter;
  chat: ChatCounts;
}

export class SioClient {
  openedAtUs = 0;
  opens = 0;
  private socket: Socket | undefined;
  private readonly trackers = new RunTrackers();
  private clientSeq = 0;

  constructor(private readonly options: SioClientOptions) {}

  open(): Promise<void> {
    const { port, room, backoff, meter } = this.options;
    const socket = io(`http://127.0.0.1:${port}`, {
      transports: ['websocket'], query: { room }, forceNew: true, timeout: 30_000,
      reconnectionDelay: backoff.baseMs, reconnectionDelayMax: backoff.capMs, randomizationFactor: 1,
    });
    this.socket = socket;
    socket.io.on('reconnect_attempt', () => void meter.reconnects++);
    socket.on('connect_error', (error) => meter.error(`connect_error ${error.message}`));
    const onEvent = (data: unknown) => {
      const stamp = stampOf(data);
      if (stamp) meter.stamped(stamp, this.trackers.for(stamp.run));
    };
    socket.on('location', onEvent);
    socket.on('surge', onEvent);
    socket.on('chat', (frame: { body?: string; rideId?: string }) => {
      const stamp = frame.body ? parseChatBody(frame.body) : null;
      if (stamp) meter.stamped(stamp, this.trackers.for(stamp.run, frame.rideId));
    });
    return new Promise((resolve) => {
      socket.on('connect', () => {
        this.opens++;
        this.openedAtUs = nowUs();
        resolve();
      });
    });
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = undefined;
  }

  sendChat(run: number, seq: number): boolean {
    const socket = this.socket;
    if (!socket?.connected) return false;
    const { chat, rideId } = this.options;
    chat.sent++;
    socket.timeout(30_000).emit('chat.send', { rideId, clientId: `bench-${run}-${seq}-${++this.clientSeq}`, body: chatBody({ run, seq, sentUs: nowUs() }) },
      (error: Error | null) => void (error ? chat.rejected++ : chat.acked++));
    return true;
  }
}
