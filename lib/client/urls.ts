/** URL helpers for the browser clients; pure, so they run (and are tested) anywhere. */

/** The `location` fields needed to turn a path into a WebSocket URL. */
export interface LocationLike {
  readonly protocol: string;
  readonly host: string;
}

/**
 * Turns `/ws` into `ws(s)://<host>/ws` for the page's own origin (`wss:` on an https page,
 * since browsers block mixed content); `http(s):` URLs get the matching ws scheme and ws(s)
 * URLs pass through. Without a location (server render) the input is returned unchanged.
 */
export function toWebSocketUrl(url: string, location?: LocationLike): string {
  if (/^wss?:/i.test(url)) return url;
  if (/^https?:/i.test(url)) return url.replace(/^http/i, 'ws');
  if (!location) return url;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = url.startsWith('/') ? url : `/${url}`;
  return `${scheme}//${location.host}${path}`;
}

/**
 * Sets `lastEventId` in a stream URL's query (replacing any earlier one), leaving the rest of
 * the URL, relative or not, as it was. Used on a reopen, because a new EventSource never sends
 * the `Last-Event-ID` header (API.md allows `?lastEventId=` for exactly this).
 */
export function withLastEventId(url: string, lastEventId: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const params = new URLSearchParams(queryAt >= 0 ? beforeHash.slice(queryAt + 1) : '');
  params.set('lastEventId', lastEventId);
  return `${path}?${params.toString()}${hash}`;
}
