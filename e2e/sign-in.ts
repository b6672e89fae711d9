import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

export type Role = 'rider' | 'driver';

/** Signs in as a person would, on a page already open at the landing page's origin. */
export async function signInOnPage(page: Page, role: Role, name: string): Promise<void> {
  await page.goto('/');
  await page.getByText(role === 'rider' ? 'Ride' : 'Drive', { exact: true }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: `Continue as ${role}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${role}$`));
}

/**
 * A fresh browser context (a phone by default) signed in through the landing page, on its app
 * with the socket live.
 */
export async function openApp(browser: Browser, role: Role, name: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, ...options });
  const page = await context.newPage();
  await signInOnPage(page, role, name);
  await expect(page.getByTestId('badge-socket')).toHaveAttribute('data-status', 'live');
  return page;
}
