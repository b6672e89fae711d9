/**
 * Server configuration: read from the environment once, validated with zod.
 * A bad value stops start-up with a message that names the variable (see `ConfigError`).
 * Every variable is documented in README.md and shared/API.md.
 */
import path from 'node:path';
import { z } from 'zod';

const int = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const protocolOf = (value: string): string | null => {
  try {
    return new URL(value).protocol;
  } catch {
    return null;
  }
};

const url = (protocols: string[]) =>
  z.string().trim().refine(
    (value) => protocols.includes(protocolOf(value) ?? ''),
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  /**
   * Connections the kernel queues until the server accepts them (capped by net.core.somaxconn).
   * Node's default, 511, drops the rest of a reconnect storm onto TCP's retransmit timer (server/listen.ts).
   */
  LISTEN_BACKLOG: int(1, 65535).default(4096),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, 'must be 1 to 40 of A-Z a-z 0-9 : _ -').default('curbside:'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: int(60, 30 * 24 * 3600).default(12 * 3600),
  /**
   * Sign-ins refilled per minute per client address, after a burst of 20. The default (30, one
   * every 2 s) suits people; a load generator signing in thousands of users from 127.0.0.1 raises it.
   */
  SIGN_IN_RATE_PER_MINUTE: int(1, 1_000_000).default(30),
  SIM_DRIVERS: int(0, 500).default(12),
  OFFER_TTL_MS: int(1000, 120_000).default(15_000),
  /** A requested ride that finds no driver within this is `expired`. */
  DISPATCH_TIMEOUT_MS: int(5_000, 3_600_000).default(120_000),
  SSE_HEARTBEAT_MS: int(1000, 120_000).default(15_000),
  SSE_RETRY_MS: int(100, 60_000).default(2_000),
  SSE_MAX_BUFFERED_BYTES: int(4096, 64 * 1024 * 1024).default(1024 * 1024),
  WS_HEARTBEAT_MS: int(1000, 300_000).default(30_000),
  WS_MAX_FRAME_BYTES: int(256, 1024 * 1024).default(16 * 1024),
  WS_MAX_FRAMES_PER_10S: int(1, 100_000).default(200),
  SURGE_INTERVAL_MS: int(1000, 3_600_000).default(30_000),
  /** Extra origins allowed to open the WebSocket, comma-separated (the app's own origin always is). */
  ALLOWED_ORIGINS: z.string().default('').transform((value) =>
    value.split(',').map((origin) => origin.trim()).filter(Boolean),
  ),
  /** Set when a proxy in front sets `X-Forwarded-For`/`-Proto`; otherwise those headers are overwritten. */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0').transform((value) => value === '1' || value === 'true'),
  /**
   * A MapLibre style URL for real map tiles. Unset: the offline city drawn from public/city/
   * (works with no internet).
   */
  MAP_STYLE_URL: z.string().trim().refine((value) => ['http:', 'https:'].includes(protocolOf(value) ?? '') || value.startsWith('/'),
    'must be an http(s) URL or a path on this server').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<Omit<z.output<typeof schema>, 'DATA_DIR'> & { DATA_DIR: string }>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment (empty strings count as unset). Throws `ConfigError` naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return `${variable}: ${issue.message} (got ${JSON.stringify(cleaned[variable] ?? null)})`;
      }),
    );
  }
  return Object.freeze({ ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) });
}
