/**
 * Stable error codes. Clients branch on these; tests assert them. Never rename one
 * (shared/API.md: names are fixed); add new ones at the end of their group.
 */
export const ErrorCode = {
  // Input
  BAD_JSON: 'BAD_JSON',
  BAD_FRAME: 'BAD_FRAME',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  INVALID: 'INVALID',
  TOO_LARGE: 'TOO_LARGE',
  // Identity and permission
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  // State
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  OFFER_CLOSED: 'OFFER_CLOSED',
  // Limits and faults
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
