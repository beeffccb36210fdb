import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--setup', '--pace', '3'));

test('Log in to Lever: Lever\'s consent page, back to the app, connected', async ({ page }) => {
  await page.goto(`${demo().url}/#/setup`);
  const lever = page.getByTestId('setup-step-lever');
  await expect(lever).toHaveAttribute('data-done', 'false');
  const button = lever.getByRole('button', { name: 'Log in to Lever' });
  await expect(button).toBeEnabled();

  const popupOpened = page.waitForEvent('popup');
  await button.click();
  const consent = await popupOpened;
  // The simulated Lever's consent page, as the recruiter would see it.
  await expect(consent.getByText('assessbridge', { exact: false }).first()).toBeVisible();
  await consent.getByRole('button', { name: /accept/i }).click();
  await expect(consent.getByTestId('login-result')).toHaveText('Lever is connected');
  await consent.close();

  // Back in the app, the step turned green on its own.
  await expect(lever).toHaveAttribute('data-done', 'true');
  await expect(lever.getByTestId('step-detail')).toContainText('logging in to Lever');
});
