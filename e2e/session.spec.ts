import { expect, test } from '@playwright/test';
import { signInOnPage } from './sign-in';

test.use({ viewport: { width: 375, height: 667 } });

// The browser hides a 401 on a WebSocket upgrade, and an EventSource just closes: without the
// session guard the apps would back off for ever on an expired session.
for (const role of ['rider', 'driver'] as const) {
  test(`a ${role} whose session ends under live connections is sent back to sign-in, told why`, async ({ page, context, baseURL }) => {
    test.setTimeout(90_000);
    await signInOnPage(page, role, role === 'rider' ? 'Ines' : 'Otto');
    await expect(page.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');

    // The session ends (an expired or revoked token reads the same to the server), then the
    // connection drops: every reconnect is refused with 401.
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'curbside_session');
    expect(cookie).toBeDefined();
    await context.addCookies([{ ...cookie!, value: `${cookie!.value.slice(0, -4)}AAAA` }]);
    expect((await page.request.get(`${baseURL}/api/session`)).status()).toBe(401);
    await context.setOffline(true);
    await expect(page.getByTestId('badge-socket')).not.toHaveAttribute('data-status', 'live');
    await context.setOffline(false);

    await expect(page).toHaveURL(/\/\?expired=1$/, { timeout: 60_000 });
    await expect(page.getByTestId('session-expired')).toContainText('Your session has ended');
    await expect(page.getByRole('button', { name: /Continue as/ })).toBeVisible();
  });
}
