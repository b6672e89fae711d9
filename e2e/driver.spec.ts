import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { signInOnPage } from './sign-in';

interface LatLng {
  lat: number;
  lng: number;
}

const signInDriver = (page: Page, name: string) => signInOnPage(page, 'driver', name);

/** A rider in its own browser context, signed in through the API (its cookie stays in the context). */
async function riderRequests(browser: Browser, name: string) {
  const context = await browser.newContext();
  const session = await context.request.post('/api/session', { data: { role: 'rider', name } });
  expect(session.ok()).toBe(true);
  return { context, request: context.request };
}

async function requestRide(request: APIRequestContext, pickup: LatLng): Promise<string> {
  // A drop-off across the city centre from the pickup, well inside the city.
  const dropoff = { lat: 37.77 + (pickup.lat > 37.77 ? -0.01 : 0.01), lng: -122.42 + (pickup.lng > -122.42 ? -0.015 : 0.015) };
  const response = await request.post('/api/rides', { data: { pickup, dropoff } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { ride: { id: string } }).ride.id;
}

async function selfPosition(page: Page): Promise<LatLng> {
  const self = page.getByTestId('self-position');
  await expect(self).toHaveAttribute('data-lat', /\d/);
  return { lat: Number(await self.getAttribute('data-lat')), lng: Number(await self.getAttribute('data-lng')) };
}

async function health(request: APIRequestContext) {
  const response = await request.get('/api/health');
  expect(response.ok()).toBe(true);
  return (await response.json()) as { ws: { connections: number; byRole: { rider: number; driver: number } } };
}

/** Screenshots of the current state at phone and desktop size, then back to the phone. */
async function shoot(page: Page, testInfo: TestInfo, name: string, panel: string) {
  for (const [width, height] of [[375, 667], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    await expect(page.getByTestId(panel)).toBeInViewport();
    await expect(page.locator('[data-marker-kind="driver-self"]')).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 375, height: 667 });
}

/** WCAG A/AA problems in the driver's own UI (the map canvas is the map component's concern). */
async function a11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('[data-map-state]').analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.use({ viewport: { width: 375, height: 667 } });

test('a driver goes online, declines one offer, accepts the next and runs the trip to the end', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  await signInDriver(page, 'Dana');
  await expect(page.getByRole('heading', { name: /driver/ })).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText('Dana');
  await expect(page.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
  await expect(page.getByText("You're offline")).toBeVisible();

  const onlineSwitch = page.getByRole('switch', { name: 'Online' });
  await onlineSwitch.click();
  await expect(onlineSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('[data-map-state="ready"]')).toBeVisible();
  await expect(page.locator('[data-marker-kind="driver-self"]')).toBeVisible();
  await expect.poll(async () => (await health(request)).ws.byRole.driver).toBe(1);

  const rider = await riderRequests(browser, 'Rita');
  const rides: string[] = [];
  try {
    // 1. An offer that the driver declines. (Matched by ride id: the e2e database is shared
    // with other runs, and a ride left requested by one of them may be offered first.)
    const firstRide = await requestRide(rider.request, await selfPosition(page));
    rides.push(firstRide);
    const offer = page.locator(`[data-testid="offer-panel"][data-ride-id="${firstRide}"]`);
    await expect(offer).toBeVisible({ timeout: 40_000 });
    await expect(offer).toContainText(/away/);
    await expect(offer.getByTestId('offer-fare')).toHaveText(/^\$\d+\.\d\d/);
    const countdown = page.getByTestId('offer-countdown');
    await expect(countdown).toHaveText(/^\d+$/);
    const first = Number(await countdown.textContent());
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThanOrEqual(15);
    await expect.poll(async () => Number(await countdown.textContent()), { timeout: 5000 }).toBeLessThan(first);
    await shoot(page, testInfo, 'offer-panel', 'offer-panel');
    expect(await a11yViolations(page)).toEqual([]);
    await offer.getByRole('button', { name: 'Decline' }).click();
    await expect(offer).toContainText('Declined');
    await expect(offer).toBeHidden();
    expect((await rider.request.post(`/api/rides/${firstRide}/cancel`)).ok()).toBe(true);

    // 2. An offer that the driver accepts, then the trip's steps.
    const secondRide = await requestRide(rider.request, await selfPosition(page));
    rides.push(secondRide);
    const second = page.locator(`[data-testid="offer-panel"][data-ride-id="${secondRide}"]`);
    await expect(second).toBeVisible({ timeout: 40_000 });
    await expect(countdown).toHaveText(/^\d+$/);
    await second.getByRole('button', { name: 'Accept' }).click();
    const trip = page.getByTestId('trip-panel');
    const status = trip.getByTestId('ride-status');
    await expect(status).toHaveAttribute('data-status', 'accepted');
    await expect(trip.getByTestId('rider-name')).toHaveText('Rita');
    await expect(page.getByTestId('badge-ride')).toHaveAttribute('data-status', 'live');
    await shoot(page, testInfo, 'trip-panel', 'trip-panel');
    expect(await a11yViolations(page)).toEqual([]);
    await page.getByTestId('chat-toggle').click();
    await expect(page.getByRole('region', { name: 'Chat with your rider' })).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(trip).toBeVisible();

    await trip.getByRole('button', { name: 'Arrived' }).click();
    await expect(status).toHaveAttribute('data-status', 'arrived');
    await trip.getByRole('button', { name: 'Start trip' }).click();
    await expect(status).toHaveAttribute('data-status', 'in_progress');
    // The simulated car drives the route to the drop-off (so the rider sees it move).
    const startedAt = await selfPosition(page);
    await expect(trip).toContainText(/Drop-off · [\d.]+ k?m/);
    await expect.poll(async () => {
      const now = await selfPosition(page);
      return Math.abs(now.lat - startedAt.lat) + Math.abs(now.lng - startedAt.lng);
    }).toBeGreaterThan(0);
    await trip.getByRole('button', { name: 'Complete trip' }).click();
    await expect(status).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('trip-summary')).toContainText(/\$\d+\.\d\d/);
    await shoot(page, testInfo, 'trip-summary', 'trip-panel');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(trip).toBeHidden();
  } finally {
    // Leave nothing requested for the next run's drivers (a finished ride answers 409: fine).
    for (const id of rides) await rider.request.post(`/api/rides/${id}/cancel`).catch(() => undefined);
    await rider.context.close();
  }
});

test('"Use my GPS" falls back to the simulation with a note when denied, and uses the GPS when allowed', async ({ page, context }) => {
  await signInDriver(page, 'Gus');
  const self = page.getByTestId('self-position');
  await expect(self).toHaveAttribute('data-source', 'sim');

  await page.getByRole('button', { name: 'Use my GPS' }).click();
  await expect(page.getByTestId('gps-note')).toContainText('Using a simulated position');
  await expect(self).toHaveAttribute('data-source', 'sim');

  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 37.7712, longitude: -122.4183 });
  await page.getByRole('button', { name: 'Use my GPS' }).click();
  await expect(self).toHaveAttribute('data-source', 'gps');
  await expect(self).toHaveAttribute('data-lat', '37.7712');
  await expect(page.getByTestId('gps-note')).toBeHidden();

  await page.getByRole('button', { name: 'Use simulated position' }).click();
  await expect(self).toHaveAttribute('data-source', 'sim');
});
