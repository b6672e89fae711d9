/**
 * Test helper: wait on an observable condition instead of sleeping for a guessed time.
 */

/**
 * Resolves once `predicate` returns true (it may be async), polling every few ms; rejects
 * after `timeoutMs` with `label` in the message so a failing test says what never happened.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  label = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`waitFor: ${label} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
