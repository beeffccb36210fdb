import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--setup', '--pace', '3'));

test('setup: a wrong key is explained, the right one connects, then a trigger stage starts the flow', async ({ page }) => {
  await page.goto(`${demo().url}/#/setup`);
  const lever = page.getByTestId('setup-step-lever');
  await expect(lever).toHaveAttribute('data-done', 'false');

  // A wrong key: a plain sentence, nothing connected.
  await lever.getByLabel('Lever API key').fill('not-the-right-key');
  await lever.getByRole('button', { name: 'Connect Lever' }).click();
  await expect(lever.getByRole('alert')).toContainText('Lever refused this API key');
  await expect(lever).toHaveAttribute('data-done', 'false');

  // The right key (the demo's simulated account).
  await lever.getByLabel('Lever API key').fill('lever-test-key');
  await lever.getByRole('button', { name: 'Connect Lever' }).click();
  await expect(lever).toHaveAttribute('data-done', 'true');

  const qualified = page.getByTestId('setup-step-qualified');
  await qualified.getByLabel('Qualified API key').fill('wrong');
  await qualified.getByRole('button', { name: 'Connect Qualified' }).click();
  await expect(qualified.getByRole('alert')).toContainText('Qualified refused this API key');
  await qualified.getByLabel('Qualified API key').fill('qualified-test-key');
  await qualified.getByRole('button', { name: 'Connect Qualified' }).click();
  await expect(qualified).toHaveAttribute('data-done', 'true');

  await page.getByRole('button', { name: 'Register webhooks' }).click();
  await expect(page.getByTestId('setup-step-webhook')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('setup-step-triggerStage')).toHaveAttribute('data-done', 'false');

  // Pick the trigger stage.
  await page.getByRole('link', { name: 'Trigger stages', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Coding assessment' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('stage-row').filter({ hasText: 'Coding assessment' })).toHaveAttribute('data-trigger', 'true');

  await page.getByRole('link', { name: /^Setup/ }).click();
  await expect(page.getByTestId('setup-step-triggerStage')).toHaveAttribute('data-done', 'true');

  // The flow starts: candidates appear on the dashboard.
  await page.getByRole('link', { name: 'Candidates', exact: true }).click();
  await expect(page.getByTestId('invitation-row').first()).toBeVisible({ timeout: 60_000 });
  // The simulated Lever delivered a stage change: the "turned on" step is green.
  await page.getByRole('link', { name: /^Setup/ }).click();
  await expect(page.getByTestId('setup-step-stageChangeToggle')).toHaveAttribute('data-done', 'true');
});
