/** Browser-side helpers for the JSON error shape of shared/API.md. */

/** The `message` of an `{ error: { code, message } }` body, or a fallback naming the status. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `Request failed (${response.status})`;
}
