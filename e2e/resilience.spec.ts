import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openApp, type Role } from './sign-in';
import { haversineMeters } from '@/lib/domain/geo';
import { startServerProcess } from '@/lib/testing/server-process';

const open = (browser: Browser, baseURL: string | undefined, role: Role, name: string) => openApp(browser, role, name, baseURL ? { baseURL } : {});

/** A driver online, a rider whose ride that driver accepted: both apps on the trip. */
async function rideUnderWay(browser: Browser, baseURL?: string) {
  const driver = await open(browser, baseURL, 'driver', 'Dora');
  await driver.getByTestId('online-switch').click();
  const self = driver.getByTestId('self-position');
  await expect(self).toHaveAttribute('data-lat', /\d/);
  const at = { lat: Number(await self.getAttribute('data-lat')), lng: Number(await self.getAttribute('data-lng')) };
  const rider = await open(browser, baseURL, 'rider', 'Remy');
  const created = await rider.request.post('/api/rides', {
    data: { pickup: { lat: at.lat + 0.004, lng: at.lng }, dropoff: { lat: at.lat + 0.012, lng: at.lng + 0.008 } },
  });
  expect(created.status()).toBe(201);
  await driver.getByRole('button', { name: 'Accept' }).click();
  await expect(rider.getByTestId('ride-status')).toHaveAttribute('data-status', 'accepted');
  await expect(driver.getByTestId('ride-status')).toHaveAttribute('data-status', 'accepted');
  return { driver, rider };
}

const position = async (page: Page, testId: string) => {
  const element = page.getByTestId(testId);
  return { lat: Number(await element.getAttribute('data-lat')), lng: Number(await element.getAttribute('data-lng')) };
};

test('a rider offline for 10 s gets every chat message once, in order, and the car where the driver is', async ({ browser }) => {
  test.setTimeout(90_000);
  const { driver, rider } = await rideUnderWay(browser);
  await rider.context().setOffline(true);
  const offlineAt = Date.now();
  await driver.getByTestId('chat-toggle').click();
  for (const body of ['First', 'Second', 'Third']) {
    await driver.getByLabel('Message').fill(body);
    await driver.getByRole('button', { name: 'Send' }).click();
    await expect(driver.getByTestId('chat-message').filter({ hasText: body })).toBeVisible();
  }
  // The driver keeps moving towards the pickup meanwhile; stay offline for the full 10 s.
  await expect.poll(() => Date.now() - offlineAt, { timeout: 15_000, intervals: [500] }).toBeGreaterThan(10_000);
  await rider.context().setOffline(false);

  await expect(rider.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live', { timeout: 40_000 });
  await expect(rider.getByTestId('chat-unread')).toHaveText('3');
  await rider.getByTestId('chat-toggle').click();
  await expect(rider.getByTestId('chat-message')).toHaveText(['First', 'Second', 'Third']);
  await expect(rider.getByTestId('chat-message')).toHaveCount(3);
  // The car is where the driver is (the driver reports every 2 s while moving at city speed).
  await expect.poll(async () => haversineMeters(await position(rider, 'driver-fix'), await position(driver, 'self-position')), { timeout: 20_000 })
    .toBeLessThan(150);
});

test('the server restarts mid-ride: both apps reconnect by themselves and carry on', async ({ browser }) => {
  test.setTimeout(150_000);
  const env = { PORT: '3141', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'curbside-restart-')), REDIS_URL: '', DATABASE_URL: '', SIM_DRIVERS: '0', WS_HEARTBEAT_MS: '2000' };
  let server = await startServerProcess(env);
  try {
    const { driver, rider } = await rideUnderWay(browser, server.url);
    expect(await server.stop('SIGTERM')).toBe(0);
    await expect(rider.getByTestId('badge-socket')).not.toHaveAttribute('data-status', 'live');
    server = await startServerProcess(env);
    await expect(rider.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live', { timeout: 60_000 });
    await expect(driver.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live', { timeout: 60_000 });
    await expect(rider.getByTestId('badge-ride')).toHaveAttribute('data-status', 'live', { timeout: 60_000 });
    // Carry on: the driver arrives, the rider sees it.
    await driver.getByRole('button', { name: 'Arrived' }).click();
    await expect(rider.getByTestId('ride-status')).toHaveAttribute('data-status', 'arrived');
  } finally {
    await server.stop('SIGKILL');
  }
});
