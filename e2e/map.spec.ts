/**
 * The rider's map renders a real basemap in headless Chromium (WebGL on SwiftShader).
 * NEEDS: the rider page (`/rider`) to render `<CityMap />` from components/map.
 */
import { expect, test, type Page } from '@playwright/test';

const VIEWPORTS = [
  { name: 'phone', width: 375, height: 667 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** Distinct colours (quantised to 4 bits a channel) in a PNG, counted in the browser. */
async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    return seen.size;
  }, png.toString('base64'));
}

for (const viewport of VIEWPORTS) {
  test(`the rider map loads and draws the city (${viewport.name} ${viewport.width}×${viewport.height})`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const external: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['localhost', '127.0.0.1'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) external.push(request.url());
    });

    // Sign in through the API: the cookie lands in this page's context.
    const signIn = await page.request.post('/api/session', { data: { role: 'rider', name: 'Map Tester' } });
    expect(signIn.ok()).toBe(true);
    await page.goto('/rider');

    const map = page.locator('[data-map-state]');
    await expect(map).toHaveAttribute('data-map-state', 'ready', { timeout: 30_000 });
    await expect(map).toHaveAttribute('aria-label', /.+/);
    await expect(page.getByRole('alert').filter({ hasText: 'The map could not load' })).toHaveCount(0);
    await expect(map.locator('canvas')).toBeVisible();

    // `load` fires once the style and sources are in; give the GPU-less renderer a moment to
    // settle on a finished frame by waiting until two screenshots agree on the colour count.
    let colours = 0;
    await expect.poll(async () => {
      const previous = colours;
      colours = await distinctColours(page, await map.screenshot());
      return colours > 1 && colours === previous;
    }, { timeout: 20_000 }).toBe(true);

    const png = await page.screenshot({ path: testInfo.outputPath(`rider-map-${viewport.width}x${viewport.height}.png`) });
    await testInfo.attach(`rider map ${viewport.width}×${viewport.height}`, { body: png, contentType: 'image/png' });
    // A blank (or single-colour) canvas means the map did not draw; the offline city has land,
    // blocks, parks, water and two road classes.
    expect(colours).toBeGreaterThan(4);
    expect(external, 'the map must not fetch anything from the internet').toEqual([]);
  });
}
