import { expect, test, type Page } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo, type Demo } from '../e2e/server';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
let demo: Demo;

test.beforeAll(async () => {
  demo = await startDemo('--pace', '2');
});
test.afterAll(async () => {
  await demo?.stop();
});

const screens = ['dashboard', 'setup', 'trigger-stages', 'assessments', 'activity', 'settings'] as const;

async function setScheme(page: Page, scheme: 'light' | 'dark') {
  await page.evaluate((s) => localStorage.setItem('mantine-color-scheme-value', s), scheme);
  await page.reload();
}

test('every screen, light and dark', async ({ page }) => {
  await page.goto(`${demo.url}/#/dashboard`);
  // Let the scripted flow run until every status shows up.
  await expect(page.locator('[data-testid="invitation-row"][data-status="submitted"]').nth(5)).toBeVisible({ timeout: 150_000 });
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(page, scheme);
    for (const screen of screens) {
      await page.goto(`${demo.url}/#/${screen}`);
            await expect(page.getByTestId('loading')).toHaveCount(0);
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${out}/${screen}-${scheme}.png` });
    }
  }
  await setScheme(page, 'light');
  // The README's picture: results first.
  await page.goto(`${demo.url}/#/dashboard?sort=score`);
    await page.waitForTimeout(1200);
  await page.screenshot({ path: `${out}/dashboard.png` });
});
