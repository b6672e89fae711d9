/**
 * A bare `node:http` server that serves Fetch-style handlers, for the real-HTTP SSE tests.
 * It plays the part Next plays in production: `request.signal` aborts when the client goes
 * away, and the body is written honouring `res.write()` → false / 'drain'.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

function toRequest(req: http.IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, signal });
}

/** Resolves on 'drain', or on 'close' so a writer never waits on a dead socket. */
function writable(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function pump(body: ReadableStream<Uint8Array>, res: http.ServerResponse): Promise<void> {
  const reader = body.getReader();
  // The stream can error (backpressure drop) while this loop waits for 'drain' and is not
  // reading; the socket must go then, not when the client finally reads.
  reader.closed.catch(() => res.destroy());
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await writable(res);
    }
    if (!res.destroyed) res.end();
  } catch {
    res.destroy();
  }
}

/** Starts a server on port 0 that hands every request to `handler`. */
export async function startTestServer(handler: (request: Request) => Response | Promise<Response>): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    void (async () => {
      try {
        const response = await handler(toRequest(req, abort.signal));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.flushHeaders();
        if (response.body) await pump(response.body, res);
        else res.end();
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
