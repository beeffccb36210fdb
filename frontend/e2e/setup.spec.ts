import { expect, test } from '@playwright/test';
import { startDemo, type Demo } from './server';

let demo: Demo;
test.beforeAll(async () => {
  demo = await startDemo('--setup', '--pace', '3');
});
test.afterAll(async () => {
  await demo?.stop();
});

test('setup: a wrong key is explained, the right one connects, then a trigger stage starts the flow', async ({ page }) => {
  await page.goto(`${demo.url}/#/setup`);
  const lever = page.getByTestId('setup-step-lever');
  await expect(lever).toHaveAttribute('data-done', 'false');

  // A wrong key: a plain sentence, nothing connected.
  await page.getByTestId('lever-api-key').fill('not-the-right-key');
  await page.getByTestId('lever-connect').click();
  await expect(lever.getByTestId('step-error')).toContainText('Lever refused this API key');
  await expect(lever).toHaveAttribute('data-done', 'false');

  // The right key (the demo's simulated account).
  await page.getByTestId('lever-api-key').fill('lever-test-key');
  await page.getByTestId('lever-connect').click();
  await expect(lever).toHaveAttribute('data-done', 'true');

  await page.getByTestId('qualified-api-key').fill('wrong');
  await page.getByTestId('qualified-connect').click();
  await expect(page.getByTestId('setup-step-qualified').getByTestId('step-error')).toContainText('Qualified refused this API key');
  await page.getByTestId('qualified-api-key').fill('qualified-test-key');
  await page.getByTestId('qualified-connect').click();
  await expect(page.getByTestId('setup-step-qualified')).toHaveAttribute('data-done', 'true');

  await page.getByTestId('register-webhooks').click();
  await expect(page.getByTestId('setup-step-webhook')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('setup-step-triggerStage')).toHaveAttribute('data-done', 'false');

  // Pick the trigger stage.
  await page.getByTestId('nav-trigger-stages').click();
  await page.getByTestId('stage-checkbox-demo-coding-assessment').check();
  await page.getByTestId('save-trigger-stages').click();
  await expect(page.getByTestId('stage-row').filter({ hasText: 'Coding assessment' })).toHaveAttribute('data-trigger', 'true');

  await page.getByTestId('nav-setup').click();
  await expect(page.getByTestId('setup-step-triggerStage')).toHaveAttribute('data-done', 'true');

  // The flow starts: candidates appear on the dashboard.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('invitation-row').first()).toBeVisible({ timeout: 60_000 });
  // The simulated Lever delivered a stage change: the "turned on" step is green.
  await page.getByTestId('nav-setup').click();
  await expect(page.getByTestId('setup-step-stageChangeToggle')).toHaveAttribute('data-done', 'true');
});
