import type { User } from '@/lib/protocol/common';
import type { ClientFrame, ClientFrameType } from '@/lib/protocol/ws-messages';

/** What a domain handler sees of the connection a frame came in on. */
export interface HubConnection {
  readonly id: string;
  readonly user: User;
  /** Sends a server frame to this connection only. */
  send(frame: { type: string } & Record<string, unknown>): void;
}

/**
 * A domain handler for one client frame type. It returns nothing, or fields to put on the
 * `ack` when the frame carried a `ref`. It throws `AppError` for a refusal with a stable code.
 */
export type FrameHandler<T extends ClientFrameType> = (
  frame: ClientFrame<T>,
  connection: HubConnection,
) => void | Record<string, unknown> | Promise<void | Record<string, unknown>>;

export type ResumeListener = (frame: ClientFrame<'resume'>, connection: HubConnection) => void | Promise<void>;

export interface HubStats {
  connections: number;
  byRole: { rider: number; driver: number };
  users: number;
}
