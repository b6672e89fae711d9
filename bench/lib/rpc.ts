/**
 * Request/response over a child process's IPC channel, so the harness drives every target
 * server and every client worker the same way: `call('stats', params)` resolves with what the
 * other side's `stats` handler returned, or rejects with its error message or on timeout.
 */

interface RpcRequest {
  rpc: 'req';
  id: number;
  method: string;
  params: unknown;
}

interface RpcResponse {
  rpc: 'res';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** The part of a `ChildProcess` (parent side) or `process` (child side) the RPC uses. */
export interface IpcChannel {
  send?(message: unknown): boolean;
  /** False once the channel is closed (a `ChildProcess`, or `process` in the child). */
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

type Method = (params: never) => unknown;
type ParamsOf<F> = F extends (params: infer P) => unknown ? P : never;
type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface RpcClient<Api> {
  call<K extends keyof Api & string>(method: K, params: ParamsOf<Api[K]>, timeoutMs?: number): Promise<ResultOf<Api[K]>>;
  /** Rejects every pending call (the other side is gone). */
  fail(reason: string): void;
  close(): void;
}

const isResponse = (message: unknown): message is RpcResponse =>
  typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'res';

const isRequest = (message: unknown): message is RpcRequest =>
  typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'req';

export function createRpcClient<Api>(channel: IpcChannel, label: string): RpcClient<Api> {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  const listener = (message: unknown) => {
    if (!isResponse(message)) return;
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new Error(`${label}: ${message.error ?? 'failed'}`));
  };
  channel.on('message', listener);
  return {
    call(method, params, timeoutMs = 60_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${label}: ${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        const request: RpcRequest = { rpc: 'req', id, method, params };
        try {
          // send() also returns false when it merely queued a large message (its backlog is
          // over Node's threshold); only `connected` says the channel is gone.
          if (!channel.send || channel.connected === false) throw new Error('IPC channel closed');
          channel.send(request);
        } catch (error) {
          pending.delete(id);
          clearTimeout(timer);
          reject(new Error(`${label}: ${method}: ${(error as Error).message}`));
        }
      });
    },
    fail(reason) {
      for (const [id, entry] of pending) {
        pending.delete(id);
        clearTimeout(entry.timer);
        entry.reject(new Error(`${label}: ${reason}`));
      }
    },
    close() {
      channel.off('message', listener);
    },
  };
}

/** Answers requests on `channel` with `api`'s methods (one params argument each). */
export function serveRpc<Api extends { [K in keyof Api]: Method }>(channel: IpcChannel, api: Api): () => void {
  const methods = api as unknown as Record<string, ((params: unknown) => unknown) | undefined>;
  const listener = (message: unknown) => {
    if (!isRequest(message)) return;
    const reply = (response: Omit<RpcResponse, 'rpc' | 'id'>) => {
      try {
        channel.send?.({ rpc: 'res', id: message.id, ...response });
      } catch {
        // The parent is gone; it will not read the answer.
      }
    };
    const method = Object.hasOwn(methods, message.method) ? methods[message.method] : undefined;
    if (!method) return reply({ ok: false, error: `unknown method ${message.method}` });
    Promise.resolve()
      .then(() => method.call(api, message.params))
      .then((result) => reply({ ok: true, result }), (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }));
  };
  channel.on('message', listener);
  return () => channel.off('message', listener);
}
