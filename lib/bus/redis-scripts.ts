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
 * KEYS[1] stream, KEYS[2] epoch · ARGV: mode, after ('' for none), maxAgeMs, idleTopicMs,
 * epoch candidate (16 digits). Entries older than maxAgeMs count as gone, whatever the
 * approximate trim left behind.
 *
 * The epoch is a random number that this Redis keeps for as long as it keeps the streams (the
 * first read sets it): it changes when Redis loses its data (a restart without persistence).
 * A subscription that goes live on a topic with nothing kept gets a synthetic head,
 * `<now - 1 ms>-<epoch>`: every later event's id exceeds it. A later read can prove that nothing
 * after such a head was lost, which a real id that is no longer kept cannot:
 * - same epoch: Redis did not lose its data since;
 * - younger than the age bound and the idle TTL: the key cannot have expired with events after
 *   it (it expires only after `idleTopicMs` without a publish). Eviction would break this, as
 *   it would break the history itself: the bus needs `maxmemory-policy noeviction`;
 * - and no trim reached past it: the key is absent, or its first kept entry is not after it,
 *   or nothing was ever removed from it (`entries-added` = `length`), or it is empty and
 *   nothing was added after it.
 * `after` is *continuous* when it is still in the stream (and fresh, in `start` mode), or is
 * such a head with such a proof.
 * - `start`: found = `after` is continuous; if so, entries = everything after it, else head =
 *   the newest fresh id, or a synthetic head; no entries.
 * - `catchup`: found = `after` is continuous; entries = fresh entries after it (all if '').
 * Returns { found (0|1), head (id|nil), entries }.
 */
const READ_LUA = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local cutoff = nowMs - tonumber(ARGV[3])
local window = math.min(tonumber(ARGV[3]), tonumber(ARGV[4]))
redis.call('SET', KEYS[2], ARGV[5], 'NX')
local epoch = redis.call('GET', KEYS[2])
local function fresh(id)
  return tonumber(string.match(id, '^(%d+)')) >= cutoff
end
-- Canonical decimals (the caller checked): a longer number is larger, equal lengths compare as text.
local function cmp(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  if #am ~= #bm then return #am < #bm and -1 or 1 end
  if am ~= bm then return am < bm and -1 or 1 end
  if #as ~= #bs then return #as < #bs and -1 or 1 end
  if as ~= bs then return as < bs and -1 or 1 end
  return 0
end
local function info()
  local fields = {}
  local reply = redis.call('XINFO', 'STREAM', KEYS[1])
  for i = 1, #reply, 2 do fields[reply[i]] = reply[i + 1] end
  return fields
end
local after = ARGV[2]
local function continuous(needFresh)
  if #redis.call('XRANGE', KEYS[1], after, after) == 1 then
    return (not needFresh) or fresh(after)
  end
  local ms, seq = string.match(after, '^(%d+)-(%d+)$')
  ms = tonumber(ms)
  if seq ~= epoch or ms < nowMs - window or ms > nowMs then return false end
  if redis.call('EXISTS', KEYS[1]) == 0 then return true end
  local fields = info()
  if fields['length'] == 0 then return cmp(fields['last-generated-id'], after) <= 0 end
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
  if first and cmp(first[1], after) <= 0 then return true end
  return fields['entries-added'] ~= nil and fields['entries-added'] == fields['length']
end
if ARGV[1] == 'catchup' then
  local found = 0
  if after ~= '' and continuous(false) then found = 1 end
  local entries = redis.call('XRANGE', KEYS[1], after == '' and '-' or '(' .. after, '+')
  local kept = {}
  for _, entry in ipairs(entries) do
    if #kept > 0 or fresh(entry[1]) then kept[#kept + 1] = entry end
  end
  return { found, false, kept }
end
if after ~= '' and continuous(true) then
  return { 1, false, redis.call('XRANGE', KEYS[1], '(' .. after, '+') }
end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest and fresh(newest[1]) then
  return { 0, newest[1], {} }
end
local head = string.format('%d-%s', nowMs - 1, epoch)
if redis.call('EXISTS', KEYS[1]) == 1 then
  -- A clock that stepped back: the synthetic head must still be after every id handed out.
  local last = info()['last-generated-id']
  if cmp(last, head) > 0 then head = last end
end
return { 0, head, {} }
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
  busRead(stream: string, epochKey: string, mode: 'start' | 'catchup', after: string, maxAgeMs: number, idleTopicMs: number, epoch: string): Promise<ReadReply>;
}

/**
 * Registers the scripts on `redis` (EVALSHA, falling back to EVAL after a restart emptied
 * the script cache) and returns the connection typed with them.
 */
export function defineBusScripts(redis: Redis): Redis & BusScripts {
  redis.defineCommand('busPublish', { numberOfKeys: 1, lua: PUBLISH_LUA });
  redis.defineCommand('busRead', { numberOfKeys: 2, lua: READ_LUA });
  return redis as Redis & BusScripts;
}
