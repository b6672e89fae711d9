import { expect, test, type Browser } from '@playwright/test';

async function rider(browser: Browser, name: string) {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const session = await context.request.post('/api/session', { data: { role: 'rider', name } });
  expect(session.ok()).toBe(true);
  return context;
}

test('a ride request the server refuses (429 after too many attempts) is said in words, and nothing is requested', async ({ browser }) => {
  const context = await rider(browser, 'Rita');
  // Use up the rider's request allowance on the real server: one ride (then cancelled) and
  // attempts refused while it was active.
  const body = { pickup: { lat: 37.771, lng: -122.419 }, dropoff: { lat: 37.78, lng: -122.41 } };
  const first = await context.request.post('/api/rides', { data: body });
  expect(first.status()).toBe(201);
  const rideId = ((await first.json()) as { ride: { id: string } }).ride.id;
  let status = 0;
  for (let i = 0; i < 10 && status !== 429; i++) status = (await context.request.post('/api/rides', { data: body })).status();
  expect(status).toBe(429);
  expect((await context.request.post(`/api/rides/${rideId}/cancel`)).ok()).toBe(true);

  const page = await context.newPage();
  await page.goto('/rider');
  const map = page.locator('[data-map-state="ready"]');
  await expect(map).toBeVisible({ timeout: 30_000 });
  await map.click({ position: { x: 110, y: 240 } });
  await map.click({ position: { x: 250, y: 400 } });
  await expect(page.getByTestId('quote-fare')).toHaveText(/^\$\d+\.\d\d$/);
  await page.getByRole('button', { name: 'Request ride' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many ride requests' })).toBeVisible();
  // Still on the request screen, free to try again later.
  await expect(page.getByRole('button', { name: 'Request ride' })).toBeVisible();
  await expect(page.getByTestId('ride-status')).toHaveCount(0);
  await context.close();
});

test('a map that cannot load leaves a readable page that says so', async ({ browser }) => {
  const context = await rider(browser, 'Mona');
  const page = await context.newPage();
  // Without its worker MapLibre never loads (shared/PITFALLS.md).
  await page.route('**/maplibre/maplibre-gl-worker.mjs', (route) => route.abort());
  await page.goto('/rider');
  const map = page.locator('[data-map-state="error"]');
  await expect(map).toBeVisible({ timeout: 45_000 });
  await expect(map).toContainText('The map could not load');
  // The rest of the app still works: the request panel and the connection badges are there.
  await expect(page.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
  await expect(page.getByText('Where to?')).toBeVisible();
  await context.close();
});
