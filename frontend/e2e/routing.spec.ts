import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

test('routing by score is configured in an assessment’s Rules drawer and kept', async ({ page }) => {
  await page.goto(`${demo().url}/#/assessments`);
  await page.getByRole('button', { name: 'Rules for SQL Basics' }).click();
  const drawer = page.getByRole('dialog', { name: 'Rules for SQL Basics' });
  const routing = drawer.getByRole('region', { name: 'Routing by score' });
  await expect(routing.getByRole('radio', { name: /Qualified's own verdict/ })).toBeChecked();

  await routing.getByRole('radio', { name: 'A score I set' }).check();
  await routing.getByRole('textbox', { name: 'Passing score (%)' }).fill('65');
  await routing.getByRole('checkbox', { name: /needs review/ }).check();
  await routing.getByRole('switch', { name: /Add an outcome tag/ }).check();
  await routing.getByRole('combobox', { name: 'On a pass, move the candidate to' }).click();
  await page.getByRole('option', { name: 'On-site interview' }).click();
  await routing.getByRole('radio', { name: 'Suggest archiving on the dashboard, for me to approve' }).check();
  await routing.getByRole('combobox', { name: 'Archive reason' }).click();
  await page.getByRole('option', { name: 'Withdrew' }).click();
  await routing.getByRole('button', { name: 'Save routing rules' }).click();
  await expect(page.getByText('Routing rules for SQL Basics saved.')).toBeVisible();

  // Read back from the server after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Rules for SQL Basics' }).click();
  const again = page.getByRole('dialog', { name: 'Rules for SQL Basics' }).getByRole('region', { name: 'Routing by score' });
  await expect(again.getByRole('radio', { name: 'A score I set' })).toBeChecked();
  await expect(again.getByRole('textbox', { name: 'Passing score (%)' })).toHaveValue('65');
  await expect(again.getByRole('textbox', { name: 'Review band starts at (%)' })).toHaveValue('55');
  await expect(again.getByRole('combobox', { name: 'On a pass, move the candidate to' })).toHaveValue('On-site interview');
  await expect(again.getByRole('combobox', { name: 'Archive reason' })).toHaveValue('Withdrew');
  await page.goto(`${demo().url}/#/activity`);
  await expect(page.getByTestId('activity-row').filter({ hasText: 'Routing by score for SQL Basics saved: the cut is 65%' })).toBeVisible();
});

test('a suggested archive is approved from the dashboard after saying who and why', async ({ page }) => {
  await page.goto(`${demo().url}/#/dashboard`);
  const suggestions = page.getByRole('region', { name: 'Suggested archives' });
  await expect(suggestions.getByRole('cell', { name: 'Katherine Johnson', exact: true })).toBeVisible({ timeout: 90_000 });
  await suggestions.getByRole('button', { name: 'Archive Katherine Johnson' }).click();
  const dialog = page.getByRole('dialog', { name: 'Archive in Lever?' });
  await expect(dialog).toContainText('Katherine Johnson (Underqualified)');
  await dialog.getByRole('button', { name: 'Archive 1 candidate' }).click();
  await expect(suggestions.getByRole('cell', { name: 'Katherine Johnson', exact: true })).toHaveCount(0, { timeout: 30_000 });

  await page.goto(`${demo().url}/#/activity`);
  await expect(page.getByTestId('activity-row').filter({ hasText: 'Katherine Johnson: archived in Lever (Underqualified)' })).toBeVisible({
    timeout: 30_000,
  });
  // The pass the same rules moved on.
  await expect(page.getByTestId('activity-row').filter({ hasText: 'Ada Lovelace: moved to On-site interview in Lever' })).toBeVisible({
    timeout: 60_000,
  });
});
