import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

async function signIn(page: Page, role: 'rider' | 'driver', name: string) {
  await page.goto('/');
  await page.getByText(role === 'rider' ? 'Ride' : 'Drive', { exact: true }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: `Continue as ${role}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${role}$`));
}

async function health(request: APIRequestContext) {
  const response = await request.get('/api/health');
  expect(response.ok()).toBe(true);
  return (await response.json()) as { ws: { connections: number }; sseStreams: number };
}

test('a signed-out visitor is sent to sign-in', async ({ page }) => {
  await page.goto('/rider');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Curbside' })).toBeVisible();
});

test('sign in, see the WebSocket and the SSE stream live, survive going offline', async ({ page, context, request }) => {
  await signIn(page, 'rider', 'Ada');
  await expect(page.getByTestId('user-name')).toHaveText('Ada');

  const socketBadge = page.getByTestId('badge-socket');
  const streamBadge = page.getByTestId('badge-surge');
  await expect(socketBadge).toHaveAttribute('data-status', 'live');
  await expect(streamBadge).toHaveAttribute('data-status', 'live');
  await expect.poll(async () => (await health(request)).ws.connections).toBe(1);
  await expect.poll(async () => (await health(request)).sseStreams).toBe(1);

  await context.setOffline(true);
  await expect(socketBadge).not.toHaveAttribute('data-status', 'live');
  await expect(socketBadge).toContainText(/Offline|Reconnecting/);

  await context.setOffline(false);
  await expect(socketBadge).toHaveAttribute('data-status', 'live');
  await expect(streamBadge).toHaveAttribute('data-status', 'live');

  // One page: exactly one WebSocket and one SSE stream on the server, never a doubled connection.
  await expect.poll(async () => (await health(request)).ws.connections).toBe(1);
  await expect.poll(async () => (await health(request)).sseStreams).toBe(1);
});

test('signing in as a driver opens the driver app; signing out returns to sign-in', async ({ page }) => {
  await signIn(page, 'driver', 'Bo');
  await expect(page.getByRole('heading', { name: /driver/ })).toBeVisible();
  await expect(page.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/driver');
  await expect(page).toHaveURL(/\/$/);
});
