import { expect, test, type Browser } from '@playwright/test';
import { openApp } from './sign-in';

async function riderAt(browser: Browser, geolocation: { latitude: number; longitude: number }) {
  const page = await openApp(browser, 'rider', 'Lou', { geolocation, permissions: ['geolocation'] });
  await expect(page.locator('[data-map-state="ready"]')).toBeVisible();
  return page;
}

test('"Use my location" sets the pickup where the browser says the rider is', async ({ browser }) => {
  const page = await riderAt(browser, { latitude: 37.7712, longitude: -122.4188 });
  await expect(page.getByTestId('request-hint')).toHaveText('Tap the map to set your pickup.');
  await page.getByRole('button', { name: 'Use my location' }).click();
  await expect(page.getByTestId('request-hint')).toHaveText('Now tap your destination.');
  await expect(page.locator('[data-marker-kind="pickup"]')).toBeVisible();
  await page.context().close();
});

test('"Use my location" outside the city says so and leaves the pickup to a tap', async ({ browser }) => {
  const page = await riderAt(browser, { latitude: 51.5072, longitude: -0.1276 });
  await page.getByRole('button', { name: 'Use my location' }).click();
  await expect(page.getByTestId('location-error')).toContainText('outside Harbor City');
  await expect(page.getByTestId('request-hint')).toHaveText('Tap the map to set your pickup.');
  await page.context().close();
});
