import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

test('a candidate moves Invited → Started → Submitted on the dashboard without a reload', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const row = page.getByTestId('invitation-row').filter({ hasText: 'Ada Lovelace' }).filter({ hasText: 'Backend Challenge' });
  await expect(row).toHaveAttribute('data-status', /invited|started|submitted/, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-status', /started|submitted/, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-status', 'submitted', { timeout: 60_000 });
  // The score is a button that tells the challenges' scores to the keyboard and screen reader.
  const score = row.getByRole('button', { name: /%/ });
  await expect(score).toContainText(/Pass|Fail/);
  await score.focus();
  await expect(page.getByRole('tooltip')).toContainText(/Time spent|%/);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  // Still the same page: the changes arrived live.
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test('filters narrow the list by status and by text', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  await expect(page.getByTestId('invitation-row').filter({ has: page.locator('[data-status="submitted"]') }).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(async () => expect(await page.getByTestId('invitation-row').count()).toBeGreaterThan(5)).toPass({ timeout: 60_000 });

  const submittedChip = page.getByTestId('filter-status').getByText('Submitted', { exact: true });
  await submittedChip.click();
  await expect(page.getByRole('checkbox', { name: 'Submitted' })).toBeChecked();
  await expect(async () => {
    const statuses = await page.getByTestId('invitation-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['submitted']));
  }).toPass();
  await submittedChip.click();

  await page.getByRole('textbox', { name: 'Search candidates' }).fill('Lovelace');
  await expect(async () => {
    const names = await page.getByTestId('invitation-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toContain('Lovelace');
  }).toPass();
});

test('the activity log shows a failure, and Retry sends the invitation', async ({ page }) => {
  await page.goto(`${demo().url}/#/activity`);
  await page.getByRole('switch', { name: 'Failures only' }).click();
  const failure = page.getByTestId('activity-row').filter({ hasText: 'Qualified did not accept the invitation' }).first();
  await expect(failure).toBeVisible({ timeout: 90_000 });
  const message = (await failure.textContent()) ?? '';
  const name = /([A-Z][\w-]+(?: [\w-]+)+): not invited/.exec(message)?.[1];
  expect(name, `candidate name in "${message}"`).toBeTruthy();
  await failure.getByRole('button', { name: 'Retry' }).click();

  await page.getByRole('switch', { name: 'Failures only' }).click();
  await expect(page.getByTestId('activity-row').filter({ hasText: `Invited ${name}` }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Candidates', exact: true }).click();
  await page.getByRole('textbox', { name: 'Search candidates' }).fill(name!.split(' ').pop()!);
  await expect(
    page.getByTestId('invitation-row').filter({ hasText: name! }).filter({ has: page.locator('[data-status="failed"]') }),
  ).toHaveCount(0);
});
