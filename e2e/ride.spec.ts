import { expect, test, type Browser, type Page } from '@playwright/test';
import { openApp, type Role } from './sign-in';

const open = (browser: Browser, role: Role, name: string) => openApp(browser, role, name);

async function goOnline(driver: Page): Promise<{ lat: number; lng: number }> {
  await driver.getByTestId('online-switch').click();
  const self = driver.getByTestId('self-position');
  await expect(self).toHaveAttribute('data-lat', /\d/);
  return { lat: Number(await self.getAttribute('data-lat')), lng: Number(await self.getAttribute('data-lng')) };
}

test('a rider and two drivers: decline, accept, the car moves, chat both ways, arrived → start → complete', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const first = await open(browser, 'driver', 'Dee');
  const near = await goOnline(first);
  const rider = await open(browser, 'rider', 'Rae');
  await expect(rider.locator('[data-map-state="ready"]')).toBeVisible();

  // The ride is requested next to the first driver, so dispatch offers it to them first.
  const pickup = { lat: near.lat + 0.0005, lng: near.lng };
  const dropoff = { lat: near.lat + 0.012, lng: near.lng + 0.01 };
  const created = await rider.request.post('/api/rides', { data: { pickup, dropoff } });
  expect(created.status()).toBe(201);
  await expect(rider.getByTestId('ride-status')).toHaveAttribute('data-status', 'requested');

  const offer = first.getByTestId('offer-panel');
  await expect(offer).toBeVisible();
  const countdown = first.getByTestId('offer-countdown');
  const startSeconds = Number(await countdown.textContent());
  expect(startSeconds).toBeGreaterThan(5);
  await expect.poll(async () => Number(await countdown.textContent())).toBeLessThan(startSeconds);
  await first.screenshot({ path: testInfo.outputPath('driver-offer-phone.png') });
  await first.getByRole('button', { name: 'Decline' }).click();
  await expect(offer).toContainText(/Declined/);

  // The second driver comes online afterwards and gets the ride.
  const second = await open(browser, 'driver', 'Dan');
  await goOnline(second);
  await expect(second.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
  await second.getByRole('button', { name: 'Accept' }).click();
  await expect(second.getByTestId('trip-panel')).toBeVisible();

  await expect(rider.getByTestId('ride-status')).toHaveAttribute('data-status', 'accepted');
  await expect(rider.getByTestId('driver-card')).toContainText('Dan');
  await expect(rider.getByTestId('driver-card')).toContainText(/pickup in about \d+ min/);
  await rider.screenshot({ path: testInfo.outputPath('rider-accepted-phone.png') });

  // Chat both ways.
  await rider.getByTestId('chat-toggle').click();
  await rider.getByLabel('Message').fill('I am by the blue door');
  await rider.getByRole('button', { name: 'Send' }).click();
  await expect(rider.getByTestId('chat-message').filter({ hasText: 'I am by the blue door' })).toHaveAttribute('data-seq', '1');
  await expect(second.getByTestId('chat-unread')).toHaveText('1');
  await second.getByTestId('chat-toggle').click();
  await expect(second.getByTestId('chat-message')).toHaveText('I am by the blue door');
  await second.getByRole('button', { name: 'On my way' }).click();
  await expect(rider.getByTestId('chat-message').filter({ hasText: 'On my way' })).toHaveAttribute('data-seq', '2');
  await expect(rider.getByTestId('chat-message')).toHaveCount(2);
  // Back to driving: the chat sheet covers the trip buttons on a phone.
  await second.getByRole('button', { name: 'Close' }).click();

  for (const [button, status] of [['Arrived', 'arrived'], ['Start trip', 'in_progress'], ['Complete trip', 'completed']] as const) {
    await second.getByRole('button', { name: button }).click();
    await expect(second.getByTestId('ride-status')).toHaveAttribute('data-status', status);
    await expect(rider.getByTestId('ride-status')).toHaveAttribute('data-status', status);
  }
  await expect(rider.getByTestId('ride-summary')).toContainText('$');
  await rider.screenshot({ path: testInfo.outputPath('rider-completed-phone.png') });
  await rider.getByRole('button', { name: 'Done' }).click();
  await expect(rider.getByText('Where to?')).toBeVisible();
  // Going offline takes these drivers out of dispatch for the tests that follow.
  for (const driver of [first, second]) {
    const toggle = driver.getByTestId('online-switch');
    if ((await toggle.getAttribute('aria-checked')) === 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
  }
});

test('an offer left alone expires on screen at the server\'s time and goes to the next driver', async ({ browser }) => {
  test.setTimeout(90_000);
  const first = await open(browser, 'driver', 'Ann');
  const near = await goOnline(first);
  const second = await open(browser, 'driver', 'Bob');
  await goOnline(second);
  const rider = await open(browser, 'rider', 'Ria');
  const created = await rider.request.post('/api/rides', {
    data: { pickup: { lat: near.lat + 0.0003, lng: near.lng }, dropoff: { lat: near.lat + 0.01, lng: near.lng + 0.01 } },
  });
  expect(created.status()).toBe(201);
  const rideId = ((await created.json()) as { ride: { id: string } }).ride.id;
  try {
    const offer = first.locator(`[data-testid="offer-panel"][data-ride-id="${rideId}"]`);
    await expect(offer).toBeVisible();
    const shownAt = Date.now();
    // Nobody touches it: the server closes it when its 15 s are up, and the panel says so.
    await expect(offer).toHaveAttribute('data-closed', 'expired', { timeout: 25_000 });
    expect(Date.now() - shownAt).toBeGreaterThan(10_000);
    await expect(offer).toContainText('Expired');
    await expect(second.locator(`[data-testid="offer-panel"][data-ride-id="${rideId}"]`)).toBeVisible({ timeout: 15_000 });
  } finally {
    await rider.request.post(`/api/rides/${rideId}/cancel`);
  }
});
