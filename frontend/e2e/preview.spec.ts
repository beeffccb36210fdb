import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

test('the Trigger stages screen shows who is already in a stage, and "Invite these N" invites them once asked', async ({ page }) => {
  await page.goto(`${demo().url}/#/trigger-stages`);
  const row = page.getByTestId('stage-row').filter({ hasText: 'Coding assessment' });
  await expect(row).toHaveAttribute('data-trigger', 'true');
  await row.getByRole('button', { name: 'Already in this stage: Coding assessment' }).click();

  const dialog = page.getByRole('dialog', { name: 'Already in Coding assessment' });
  await expect(dialog.getByText(/candidates? already in this stage carr(y|ies) an assessment tag/)).toBeVisible({ timeout: 30_000 });
  const table = dialog.getByRole('table', { name: 'Candidates already in the stage' });
  const parker = table.getByTestId('preview-row').filter({ hasText: 'Parker Waiting' });
  await expect(parker).toHaveAttribute('data-reason', 'already-there');
  await expect(parker).toContainText('Frontend Challenge');
  await expect(table.getByTestId('preview-row').filter({ hasText: 'Reese Untagged' })).toHaveAttribute('data-reason', 'no-tag');
  await expect(table.getByTestId('preview-row').filter({ hasText: 'Sky Noaddress' })).toHaveAttribute('data-reason', 'no-email');
  await expect(table.getByText('Toby Archived')).toHaveCount(0);

  // Says what it will do; sends nothing until the second click.
  await dialog.getByRole('button', { name: /^Invite these \d+$/ }).click();
  await expect(dialog.getByText(/Qualified e-mails each of them an invitation now, to:/)).toBeVisible();
  await expect(dialog.getByText(/Nobody is e-mailed twice/)).toBeVisible();
  await dialog.getByRole('button', { name: /^Send \d+ invitations?$/ }).click();
  await expect(dialog.getByText(/on (its|their) way/)).toBeVisible();

  // Checked again, they show as invited.
  await expect(async () => {
    await dialog.getByRole('button', { name: 'Check again' }).click();
    await expect(dialog.getByTestId('preview-row').filter({ hasText: 'Parker Waiting' })).toHaveAttribute('data-reason', 'already-invited', {
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // On the dashboard, the invitation made on purpose.
  await page.getByRole('link', { name: 'Candidates', exact: true }).click();
  await expect(page.getByTestId('invitation-row').filter({ hasText: 'Parker Waiting' }).first()).toBeVisible({ timeout: 30_000 });
});

test('a checked but unsaved stage can be previewed before turning it on', async ({ page }) => {
  await page.goto(`${demo().url}/#/trigger-stages`);
  const row = page.getByTestId('stage-row').filter({ hasText: 'Recruiter screen' });
  await expect(row.getByRole('button', { name: /Already in this stage/ })).toHaveCount(0);
  await row.getByRole('checkbox', { name: 'Recruiter screen' }).check();
  await expect(row.getByText('Becomes a trigger when saved')).toBeVisible();
  await row.getByRole('button', { name: 'Already in this stage: Recruiter screen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Already in Recruiter screen' });
  await expect(dialog.getByText(/Nobody is in this stage now|would be skipped/)).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByRole('button', { name: /^Invite these/ })).toHaveCount(0);
});
