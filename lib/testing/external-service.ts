/**
 * Tests that need Redis or PostgreSQL read their URL through here.
 * Locally, without the variable, they skip with a visible reason; under `CI=true` a missing
 * variable is a failure, never a skip (see DEVELOPERS.md).
 */
export function externalServiceUrl(variable: 'REDIS_URL' | 'DATABASE_URL'): string | undefined {
  const url = process.env[variable];
  if (url) return url;
  if (process.env.CI === 'true') {
    throw new Error(`${variable} is not set, but CI=true: tests that need it must run, not skip. .ci/run exports it.`);
  }
  console.warn(`[skip] ${variable} is not set: tests that need it are skipped. Set it to run them.`);
  return undefined;
}

/** The label vitest shows for a suite that skipped for lack of a service. */
export const needs = (variable: string, url: string | undefined): string =>
  url ? `(with ${variable})` : `(SKIPPED: ${variable} not set)`;
