/**
 * The rider app, screen by screen at phone and desktop size (screenshots are test artifacts,
 * each state is checked with axe), and a reload mid-ride on both sides.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { openApp, type Role } from './sign-in';
import { haversineMeters } from '@/lib/domain/geo';

interface LatLng {
  lat: number;
  lng: number;
}

const PHONE = { width: 375, height: 667 } as const;
const DESKTOP = { width: 1280, height: 800 } as const;

// Reduced motion: the camera jumps instead of easing, so screenshots show where it settles.
const open = (browser: Browser, role: Role, name: string) => openApp(browser, role, name, { viewport: PHONE, reducedMotion: 'reduce' });

async function goOnline(driver: Page): Promise<LatLng> {
  const toggle = driver.getByTestId('online-switch');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  return position(driver, 'self-position');
}

/** Takes a driver out of dispatch for the tests that follow. */
async function goOffline(driver: Page): Promise<void> {
  const toggle = driver.getByTestId('online-switch');
  if ((await toggle.getAttribute('aria-checked')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
}

async function position(page: Page, testId: string): Promise<LatLng> {
  const element = page.getByTestId(testId);
  await expect(element).toHaveAttribute('data-lat', /\d/);
  return { lat: Number(await element.getAttribute('data-lat')), lng: Number(await element.getAttribute('data-lng')) };
}

/** The driver accepts this ride's offer (a ride left requested by another run may be offered first: it is declined). */
async function acceptRide(driver: Page, rideId: string): Promise<void> {
  const mine = driver.locator(`[data-testid="offer-panel"][data-ride-id="${rideId}"]`);
  const other = driver.locator(`[data-testid="offer-panel"]:not([data-ride-id="${rideId}"]):not([data-closed])`);
  await expect.poll(async () => {
    if (await mine.isVisible()) return true;
    if (await other.isVisible()) await other.getByRole('button', { name: 'Decline' }).click().catch(() => undefined);
    return false;
  }, { timeout: 40_000 }).toBe(true);
  await mine.getByRole('button', { name: 'Accept' }).click();
  await expect(driver.getByTestId('trip-panel').getByTestId('ride-status')).toHaveAttribute('data-status', 'accepted');
}

/** Whether the middle of `locator` is itself what a tap there would hit (no panel or badge on top). */
const onTop = (locator: Locator) => locator.evaluate((element) => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && element.contains(hit);
});

/**
 * Screenshots of the current state at phone and desktop size (then back to the phone), once
 * everything in `visible` is on screen at that size and nothing covers the map's zoom buttons
 * or the pins in `uncovered`.
 */
async function shoot(page: Page, testInfo: TestInfo, name: string, visible: Locator[], uncovered: Locator[]) {
  const zoom = [page.getByRole('button', { name: 'Zoom in' }), page.getByRole('button', { name: 'Zoom out' })];
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    for (const locator of visible) await expect(locator).toBeInViewport();
    for (const locator of [...zoom, ...uncovered]) await expect.poll(() => onTop(locator), `${name}: ${locator} is covered at ${size.width}×${size.height}`).toBe(true);
    await page.screenshot({ path: testInfo.outputPath(`rider-${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(PHONE);
}

/** Serious and critical WCAG A/AA problems in the rider's UI (the map canvas is the map component's concern). */
async function seriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('[data-map-state]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Checks a state at both sizes: screenshots, then axe at each size. */
async function check(page: Page, testInfo: TestInfo, name: string, visible: Locator[], uncovered: Locator[] = []) {
  await shoot(page, testInfo, name, visible, uncovered);
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    expect(await seriousA11yViolations(page), `${name} at ${size.width}×${size.height}`).toEqual([]);
  }
}

const rideOf = async (response: { json(): Promise<unknown> }) => ((await response.json()) as { ride: { id: string } }).ride.id;

test('a rider picks a trip on the map, finds a driver, chats, rides and sees the summary, at phone and desktop size', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const rider = await open(browser, 'rider', 'Rosa');
  const panel = rider.getByRole('region', { name: 'Your ride' });
  const map = rider.locator('[data-map-state="ready"]');
  await expect(map).toBeVisible({ timeout: 30_000 });
  await expect(rider.getByText('Where to?')).toBeVisible();
  await check(rider, testInfo, 'where-to', [panel]);

  // (a) Pickup and drop-off by tapping the map: the road route and the fare come back.
  // Both points are on the city's streets as the map first frames it at phone size.
  await map.click({ position: { x: 110, y: 240 } });
  await expect(rider.locator('[data-marker-kind="pickup"]')).toBeVisible();
  await expect(rider.getByTestId('request-hint')).toHaveText('Now tap your destination.');
  const quoted = rider.waitForResponse((r) => r.url().endsWith('/api/quote') && r.request().method() === 'POST');
  await map.click({ position: { x: 250, y: 400 } });
  const quote = (await (await quoted).json()) as { quote: { route: LatLng[] | null } };
  expect(quote.quote.route?.length ?? 0).toBeGreaterThan(1);
  await expect(rider.locator('[data-marker-kind="dropoff"]')).toBeVisible();
  await expect(rider.getByTestId('quote-fare')).toHaveText(/^\$\d+\.\d\d$/);
  await expect(panel).toContainText(/\d+\.\d km · about \d+ min/);
  const pins = [rider.locator('[data-marker-kind="pickup"]'), rider.locator('[data-marker-kind="dropoff"]')];
  await check(rider, testInfo, 'request', [panel], pins);

  // (b) Requested before any driver is online: "Finding a driver…" stays until one is.
  const requested = rider.waitForResponse((r) => r.url().endsWith('/api/rides') && r.request().method() === 'POST');
  await rider.getByRole('button', { name: 'Request ride' }).click();
  const response = await requested;
  expect(response.status()).toBe(201);
  const rideId = await rideOf(response);
  const status = rider.getByTestId('ride-status');
  await expect(status).toHaveAttribute('data-status', 'requested');
  await expect(status).toHaveText('Finding a driver…');
  await check(rider, testInfo, 'finding-driver', [panel], pins);

  const driver = await open(browser, 'driver', 'Dmitri');
  try {
    await goOnline(driver);
    await acceptRide(driver, rideId);

    // (c) The driver card, with the car on the map.
    await expect(status).toHaveAttribute('data-status', 'accepted');
    const card = rider.getByTestId('driver-card');
    await expect(card).toContainText('Dmitri');
    await expect(card).toContainText(/pickup in about \d+ min/);
    const car = rider.locator('[data-marker-kind="car"]');
    await expect(car).toBeVisible();
    await check(rider, testInfo, 'driver-assigned', [panel, card, car], pins);

    // (e) The chat sheet, with a message each way.
    await rider.getByTestId('chat-toggle').click();
    const chat = rider.getByRole('region', { name: 'Chat with your driver' });
    await expect(chat).toBeVisible();
    await rider.getByLabel('Message').fill('I am by the blue door');
    await rider.getByRole('button', { name: 'Send' }).click();
    await expect(driver.getByTestId('chat-unread')).toHaveText('1');
    await driver.getByTestId('chat-toggle').click();
    await driver.getByRole('button', { name: 'On my way' }).click();
    await expect(rider.getByTestId('chat-message')).toHaveText(['I am by the blue door', 'On my way']);
    await driver.getByRole('button', { name: 'Close' }).click();
    await check(rider, testInfo, 'chat-open', [chat, chat.getByRole('button', { name: 'Send' }), rider.getByLabel('Message')]);
    await chat.getByRole('button', { name: 'Close' }).click();
    await expect(chat).toBeHidden();

    // (d) On trip.
    const driverStatus = driver.getByTestId('trip-panel').getByTestId('ride-status');
    for (const [button, next] of [['Arrived', 'arrived'], ['Start trip', 'in_progress']] as const) {
      await driver.getByRole('button', { name: button }).click();
      await expect(driverStatus).toHaveAttribute('data-status', next);
      await expect(status).toHaveAttribute('data-status', next);
    }
    await expect(status).toHaveText('On trip');
    await expect(card).toContainText(/arriving in about \d+ min/);
    await check(rider, testInfo, 'on-trip', [panel, card, car], pins);

    // (f) The summary.
    await driver.getByRole('button', { name: 'Complete trip' }).click();
    await expect(status).toHaveAttribute('data-status', 'completed');
    await expect(rider.getByTestId('ride-summary')).toContainText(/Fare \$\d+\.\d\d/);
    await expect(car).toBeHidden();
    await check(rider, testInfo, 'completed', [panel, rider.getByRole('button', { name: 'Done' })], pins);
    await rider.getByRole('button', { name: 'Done' }).click();
    await expect(rider.getByText('Where to?')).toBeVisible();
  } finally {
    await rider.request.post(`/api/rides/${rideId}/cancel`).catch(() => undefined);
    await goOffline(driver);
    await rider.context().close();
    await driver.context().close();
  }
});

test('reloading mid-ride restores the status, the driver card, the car and the chat on both sides, and the ride carries on', async ({ browser }) => {
  test.setTimeout(150_000);
  const driver = await open(browser, 'driver', 'Dora');
  const at = await goOnline(driver);
  const rider = await open(browser, 'rider', 'Remy');
  const created = await rider.request.post('/api/rides', {
    data: { pickup: { lat: at.lat + 0.004, lng: at.lng }, dropoff: { lat: at.lat + 0.012, lng: at.lng + 0.008 } },
  });
  expect(created.status()).toBe(201);
  const rideId = await rideOf(created);
  try {
    await acceptRide(driver, rideId);
    const status = rider.getByTestId('ride-status');
    await expect(status).toHaveAttribute('data-status', 'accepted');
    await expect(rider.getByTestId('driver-card')).toContainText('Dora');

    // Chat both ways, interleaved; each side waits for the other's message before answering.
    const conversation = [
      ['rider', 'Hi, I am at the corner'],
      ['driver', 'Great, two minutes'],
      ['rider', 'Blue jacket'],
      ['driver', 'Got it'],
    ] as const;
    await rider.getByTestId('chat-toggle').click();
    await driver.getByTestId('chat-toggle').click();
    for (const [index, [from, body]] of conversation.entries()) {
      const sender = from === 'rider' ? rider : driver;
      await sender.getByLabel('Message').fill(body);
      await sender.getByRole('button', { name: 'Send' }).click();
      for (const page of [rider, driver]) {
        await expect(page.getByTestId('chat-message').nth(index)).toHaveText(body);
        await expect(page.getByTestId('chat-message').nth(index)).toHaveAttribute('data-seq', String(index + 1));
      }
    }
    const bodies = conversation.map(([, body]) => body);
    const seqs = conversation.map((_, index) => String(index + 1));

    // The driver is driving to the pickup, and the rider's car follows.
    const before = await position(driver, 'self-position');
    await expect.poll(async () => haversineMeters(before, await position(driver, 'self-position'))).toBeGreaterThan(10);
    await expect.poll(async () => haversineMeters(await position(rider, 'driver-fix'), await position(driver, 'self-position')), { timeout: 20_000 })
      .toBeLessThan(150);

    // The rider reloads: everything comes back from the server.
    await rider.reload();
    await expect(rider.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
    await expect(status).toHaveAttribute('data-status', 'accepted');
    await expect(rider.getByTestId('driver-card')).toContainText('Dora');
    await expect(rider.getByTestId('driver-card')).toContainText(/pickup in about \d+ min/);
    await expect(rider.locator('[data-map-state="ready"]')).toBeVisible({ timeout: 30_000 });
    await expect(rider.locator('[data-marker-kind="car"]')).toBeVisible();
    await expect(rider.locator('[data-marker-kind="pickup"]')).toBeVisible();
    await expect.poll(async () => haversineMeters(await position(rider, 'driver-fix'), await position(driver, 'self-position')), { timeout: 20_000 })
      .toBeLessThan(150);
    // The history is back, and what was read before the reload is not unread again.
    await expect(rider.getByTestId('chat-toggle')).toHaveAttribute('data-last-seq', '4');
    await expect(rider.getByTestId('chat-unread')).toHaveCount(0);
    await rider.getByTestId('chat-toggle').click();
    const riderMessages = rider.getByTestId('chat-message');
    await expect(riderMessages).toHaveText(bodies);
    await expect.poll(() => riderMessages.evaluateAll((items) => items.map((item) => item.getAttribute('data-seq')))).toEqual(seqs);
    await rider.getByRole('button', { name: 'Close' }).click();

    // The driver reloads: the trip panel and the chat come back too.
    await driver.reload();
    await expect(driver.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
    const trip = driver.getByTestId('trip-panel');
    await expect(trip.getByTestId('ride-status')).toHaveAttribute('data-status', 'accepted');
    await expect(trip.getByTestId('rider-name')).toHaveText('Remy');
    // Still online for new trips after this one, and nothing read is unread again.
    await expect(driver.getByTestId('online-switch')).toHaveAttribute('aria-checked', 'true');
    await expect(driver.getByTestId('chat-toggle')).toHaveAttribute('data-last-seq', '4');
    await expect(driver.getByTestId('chat-unread')).toHaveCount(0);
    await driver.getByTestId('chat-toggle').click();
    const driverMessages = driver.getByTestId('chat-message');
    await expect(driverMessages).toHaveText(bodies);
    await expect.poll(() => driverMessages.evaluateAll((items) => items.map((item) => item.getAttribute('data-seq')))).toEqual(seqs);

    // Both carry on: one more message each way, then the driver arrives.
    await driver.getByLabel('Message').fill('Pulling up now');
    await driver.getByRole('button', { name: 'Send' }).click();
    await expect(rider.getByTestId('chat-unread')).toHaveText('1');
    await rider.getByTestId('chat-toggle').click();
    await expect(riderMessages).toHaveText([...bodies, 'Pulling up now']);
    await rider.getByLabel('Message').fill('See you');
    await rider.getByRole('button', { name: 'Send' }).click();
    await expect(driverMessages).toHaveText([...bodies, 'Pulling up now', 'See you']);
    await expect(driverMessages.last()).toHaveAttribute('data-seq', '6');
    await driver.getByRole('button', { name: 'Close' }).click();
    await trip.getByRole('button', { name: 'Arrived' }).click();
    await expect(trip.getByTestId('ride-status')).toHaveAttribute('data-status', 'arrived');
    await expect(status).toHaveAttribute('data-status', 'arrived');
    await expect(status).toHaveText('Your driver has arrived');
  } finally {
    // Cancelling the ride frees the driver; a ride already finished answers 409, which is fine.
    await rider.request.post(`/api/rides/${rideId}/cancel`).catch(() => undefined);
    await goOffline(driver).catch(() => undefined);
    await rider.context().close();
    await driver.context().close();
  }
});
