import { expect, test } from '@playwright/test';
import { startDemo, type Demo } from './server';

let demo: Demo;
test.beforeAll(async () => {
  demo = await startDemo('--pace', '3');
});
test.afterAll(async () => {
  await demo?.stop();
});

test('a candidate moves Invited → Started → Submitted on the dashboard without a reload', async ({ page }) => {
  await page.goto(`${demo.url}/#/dashboard`);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const row = page.getByTestId('invitation-row').filter({ hasText: 'Ada Lovelace' }).filter({ hasText: 'Backend Challenge' });
  await expect(row).toHaveAttribute('data-status', /invited|started|submitted/, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-status', /started|submitted/, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-status', 'submitted', { timeout: 60_000 });
  await expect(row.getByTestId('invitation-score')).toContainText('%');
  await expect(row.getByTestId('pass-badge')).toBeVisible();
  // Still the same page: the changes arrived live.
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test('filters narrow the list by status and by text', async ({ page }) => {
  await page.goto(`${demo.url}/#/dashboard`);
  await expect(page.getByTestId('invitation-row').filter({ has: page.locator('[data-status="submitted"]') }).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(async () => expect(await page.getByTestId('invitation-row').count()).toBeGreaterThan(5)).toPass({ timeout: 60_000 });

  const submittedChip = page.getByTestId('filter-status').getByText('Submitted', { exact: true });
  await submittedChip.click();
  await expect(page.getByTestId('filter-status-submitted')).toBeChecked();
  await expect(async () => {
    const statuses = await page.getByTestId('invitation-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['submitted']));
  }).toPass();
  await submittedChip.click();

  await page.getByTestId('filter-search').fill('Lovelace');
  await expect(async () => {
    const names = await page.getByTestId('invitation-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toContain('Lovelace');
  }).toPass();
});

test('the activity log shows a failure, and Retry sends the invitation', async ({ page }) => {
  await page.goto(`${demo.url}/#/activity`);
  await page.getByTestId('activity-failures-only').click();
  const failure = page.getByTestId('activity-row').filter({ hasText: 'Qualified did not accept the invitation' }).first();
  await expect(failure).toBeVisible({ timeout: 90_000 });
  const message = (await failure.textContent()) ?? '';
  const name = /([A-Z][\w-]+(?: [\w-]+)+): not invited/.exec(message)?.[1];
  expect(name, `candidate name in "${message}"`).toBeTruthy();
  await failure.getByTestId('activity-retry').click();

  await page.getByTestId('activity-failures-only').click();
  await expect(page.getByTestId('activity-row').filter({ hasText: `Invited ${name}` }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('filter-search').fill(name!.split(' ').pop()!);
  await expect(
    page.getByTestId('invitation-row').filter({ hasText: name! }).filter({ has: page.locator('[data-status="failed"]') }),
  ).toHaveCount(0);
});
