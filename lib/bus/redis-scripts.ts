/**
 * The Lua side of the Redis bus. Publishing is one script so that the stream append, both
 * trims, the idle TTL and the PUBLISH happen atomically: pub/sub order equals stream order,
 * which is what lets a subscriber merge "read the stream" with "buffer live messages" by id.
 */
import type Redis from 'ioredis';

/**
 * KEYS[1] stream · ARGV: channel, payload, maxEvents, maxAgeMs, idleTopicMs.
 * Returns the new id. `~` trims whole stream nodes only (cheap); reads apply the exact age
 * bound, so an approximate trim never lets a stale event be replayed.
 */
const PUBLISH_LUA = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[2])
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[4])
if cutoff > 0 then
  redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%d', cutoff))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PUBLISH', ARGV[1], id .. ' ' .. ARGV[2])
return id
`;

/**
 * KEYS[1] stream · ARGV: mode, after ('' for none), maxAgeMs. Read-only.
 * Entries older than maxAgeMs count as gone, whatever the approximate trim left behind.
 * - `start`: found = `after` is kept (present and fresh); if so, entries = everything after
 *   it, else head = newest fresh id (or nil) and no entries.
 * - `catchup`: found = `after` is present; entries = fresh entries after it (all if '').
 * Returns { found (0|1), head (id|nil), entries }.
 */
const READ_LUA = `
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
local function fresh(id)
  return tonumber(string.match(id, '^(%d+)')) >= cutoff
end
local after = ARGV[2]
local found = 0
if after ~= '' and #redis.call('XRANGE', KEYS[1], after, after) == 1 then
  found = 1
end
if ARGV[1] == 'catchup' then
  local entries = redis.call('XRANGE', KEYS[1], after == '' and '-' or '(' .. after, '+')
  local kept = {}
  for _, entry in ipairs(entries) do
    if #kept > 0 or fresh(entry[1]) then kept[#kept + 1] = entry end
  end
  return { found, false, kept }
end
if found == 1 and fresh(after) then
  return { 1, false, redis.call('XRANGE', KEYS[1], '(' .. after, '+') }
end
local head = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if head and fresh(head[1]) then
  return { 0, head[1], {} }
end
return { 0, false, {} }
`;

/** A stream entry as XRANGE returns it: id and flat field/value pairs. */
export type StreamEntry = [id: string, fields: string[]];

/** What the read script returns. */
export type ReadReply = [found: 0 | 1, head: string | null, entries: StreamEntry[]];

/** The commands {@link defineBusScripts} adds to a connection. */
export interface BusScripts {
  /** Appends, trims, sets the idle TTL and publishes, atomically; resolves to the new id. */
  busPublish(stream: string, channel: string, payload: string, maxEvents: number, maxAgeMs: number, idleTopicMs: number): Promise<string>;
  /** See the read script: `mode` is `start` (subscribe) or `catchup` (after a reconnect). */
  busRead(stream: string, mode: 'start' | 'catchup', after: string, maxAgeMs: number): Promise<ReadReply>;
}

/**
 * Registers the scripts on `redis` (EVALSHA, falling back to EVAL after a restart emptied
 * the script cache) and returns the connection typed with them.
 */
export function defineBusScripts(redis: Redis): Redis & BusScripts {
  redis.defineCommand('busPublish', { numberOfKeys: 1, lua: PUBLISH_LUA });
  redis.defineCommand('busRead', { numberOfKeys: 1, lua: READ_LUA });
  return redis as Redis & BusScripts;
}
