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

// What comes after the invitation, each state as the recruiter meets it.
test('rules, suggestions, actions and the stage preview, light and dark', async ({ page }) => {
  await page.goto(`${demo.url}/#/dashboard`);
  const suggestions = page.getByRole('region', { name: 'Suggested archives' });
  await expect(suggestions.getByRole('cell', { name: 'Katherine Johnson', exact: true })).toBeVisible({ timeout: 150_000 });
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(page, scheme);

    await page.goto(`${demo.url}/#/assessments`);
    await page.getByRole('button', { name: 'Rules for Backend Challenge' }).click();
    const drawer = page.getByRole('dialog', { name: 'Rules for Backend Challenge' });
    await expect(drawer.getByRole('region', { name: 'Routing by score' })).toBeVisible();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/rules-${scheme}.png` });
    await page.keyboard.press('Escape');

    await page.goto(`${demo.url}/#/dashboard`);
    await suggestions.scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/suggestions-${scheme}.png` });
    await suggestions.getByRole('button', { name: 'Archive Katherine Johnson' }).click();
    const archive = page.getByRole('dialog', { name: 'Archive in Lever?' });
    await expect(archive).toContainText('Katherine Johnson');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/archive-confirm-${scheme}.png` });
    await page.keyboard.press('Escape');

    const grace = page.getByTestId('invitation-row').filter({ hasText: 'Grace Hopper' }).filter({ hasText: 'Frontend Challenge' });
    await grace.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: /Resend invitation e-mail/ }).click();
    await expect(page.getByRole('dialog', { name: 'Resend the invitation e-mail' })).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/resend-${scheme}.png` });
    await page.keyboard.press('Escape');

    await page.goto(`${demo.url}/#/trigger-stages`);
    const stage = page.getByTestId('stage-row').filter({ hasText: 'Coding assessment' });
    await stage.getByRole('button', { name: 'Already in this stage: Coding assessment' }).click();
    const preview = page.getByRole('dialog', { name: 'Already in Coding assessment' });
    await expect(preview.getByRole('table', { name: 'Candidates already in the stage' })).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/preview-${scheme}.png` });
    await preview.getByRole('button', { name: /^Invite these \d+$/ }).click();
    await expect(preview.getByText(/Nobody is e-mailed twice/)).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/invite-these-${scheme}.png` });
    await page.keyboard.press('Escape');
  }
  await setScheme(page, 'light');
});

// What is written in Lever when a candidate submits, with a preview of it.
test('the report in Lever with a preview, light and dark', async ({ page }) => {
  // Tall enough for the whole section, preview included, inside the drawer.
  await page.setViewportSize({ width: 1280, height: 1900 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.goto(`${demo.url}/#/assessments`);
    await setScheme(page, scheme);
    await page.getByRole('button', { name: 'Rules for Backend Challenge' }).click();
    const drawer = page.getByRole('dialog', { name: 'Rules for Backend Challenge' });
    const report = drawer.getByRole('region', { name: 'Report in Lever' });
    await report.getByRole('switch', { name: /Add Qualified's PDF report as a file/ }).check();
    await report.getByRole('button', { name: 'Preview' }).click();
    await expect(report.getByRole('region', { name: 'What will be written in Lever' }).getByTestId('preview-note')).toBeVisible();
    await report.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await report.screenshot({ path: `${out}/report-in-lever-${scheme}.png` });
    await page.keyboard.press('Escape');
  }
  await setScheme(page, 'light');
});

// Insights, with a past to draw: the demo's history of two thousand invitations.
test('insights, light and dark', async ({ page }) => {
  const past = await startDemo('--history', '2000', '--pace', '2');
  try {
    await page.goto(`${past.url}/#/insights`);
    for (const scheme of ['light', 'dark'] as const) {
      await setScheme(page, scheme);
      await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
      await expect(page.getByTestId('insights-calibration')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('loading')).toHaveCount(0);
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${out}/insights-${scheme}.png`, fullPage: true });
    }
    await setScheme(page, 'light');
  } finally {
    await past.stop();
  }
});
