import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

test('a candidate archived in Lever while invited shows the invitation cancelled, and a hire shows', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  // The demo archives Hedy Lamarr in Lever once her invitation has gone out.
  const archived = page.getByTestId('invitation-row').filter({ hasText: 'Hedy Lamarr' });
  await expect(archived.getByTestId('lever-life')).toHaveText('archived in Lever — invitation cancelled', { timeout: 90_000 });
  await expect(archived).toHaveAttribute('data-status', 'closed');
  // Ada Lovelace submits, moves on, and is hired.
  const hired = page.getByTestId('invitation-row').filter({ hasText: 'Ada Lovelace' }).filter({ hasText: 'Backend Challenge' });
  await expect(hired.getByTestId('lever-life')).toContainText('hired', { timeout: 120_000 });
  await page.goto(`${demo().url}/#/activity`);
  await expect(
    page.getByTestId('activity-row').filter({ hasText: 'Hedy Lamarr was archived in Lever: the invitation to' }).first(),
  ).toBeVisible();
});

test('Settings explains and switches cancelling on archive', async ({ page }) => {
  await page.goto(`${demo().url}/#/settings`);
  const toggle = page.getByRole('switch', { name: 'Cancel the invitation when a candidate is archived' });
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId('lifecycle-settings')).toContainText('cancels it in Qualified');
  await toggle.click({ force: true });
  await expect(toggle).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Cancel the invitation when a candidate is archived' })).not.toBeChecked();
  await page.getByRole('switch', { name: 'Cancel the invitation when a candidate is archived' }).click({ force: true });
  await expect(page.getByRole('switch', { name: 'Cancel the invitation when a candidate is archived' })).toBeChecked();
});
