import { expect, test } from '@playwright/test';
import { forThisFile, startDemo } from './server';

const demo = forThisFile(() => startDemo('--pace', '3'));

// Data Structures runs on the defaults in the demo (Backend Challenge adds the PDF, SQL Basics writes forms).
test('what is written in Lever is chosen in an assessment’s Rules drawer, previewed, and kept', async ({ page }) => {
  await page.goto(`${demo().url}/#/assessments`);
  await page.getByRole('button', { name: 'Rules for Data Structures' }).click();
  const drawer = page.getByRole('dialog', { name: 'Rules for Data Structures' });
  const report = drawer.getByRole('region', { name: 'Report in Lever' });
  await expect(report.getByRole('radio', { name: /A note on the candidate/ })).toBeChecked();
  const template = report.getByRole('textbox', { name: 'Note template' });
  await expect(template).toHaveValue(/\{score\}/);
  const save = report.getByRole('button', { name: 'Save report settings' });
  await expect(save).toBeDisabled();
  const preview = report.getByRole('region', { name: 'What will be written in Lever' });
  const renderedFor = /^(For .+, submitted .+|No one has submitted yet: an example candidate.*)$/;

  // A feedback form: no template, and the preview lists the form's fields.
  await report.getByRole('radio', { name: /A feedback form/ }).check();
  await expect(template).toHaveCount(0);
  await report.getByRole('button', { name: 'Preview' }).click();
  await expect(preview.getByTestId('preview-feedback')).toBeVisible();
  await expect(preview.getByTestId('preview-feedback').locator('dt').first()).not.toBeEmpty();
  await expect(preview.getByTestId('preview-for')).toHaveText(renderedFor);
  await expect(preview.getByTestId('preview-note')).toHaveCount(0);

  // Back to a note, with a field that does not exist: the server's sentence, beside the template.
  await report.getByRole('radio', { name: /A note on the candidate/ }).check();
  await template.fill('Result for {title}: {scroe}');
  await report.getByRole('button', { name: 'Preview' }).click();
  await expect(template).toHaveAccessibleDescription(/The note template names \{scroe\}, which is not a field\./);
  await expect(template).toHaveAttribute('aria-invalid', 'true');

  // Fixed from the keyboard: the field is put where the cursor is.
  await template.fill('Result for {title}: ');
  await template.press('End');
  const chip = report.getByRole('button', { name: /^Insert \{score\}/ });
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(template).toHaveValue('Result for {title}: {score}');
  await expect(template).toBeFocused();
  await expect(template).not.toHaveAttribute('aria-invalid', 'true');
  await report.getByRole('button', { name: 'Preview' }).click();
  await expect(preview.getByTestId('preview-note')).toContainText(/^Result for Data Structures: (\d+(\.\d+)?%|not scored)/);
  await expect(preview.getByTestId('preview-for')).toHaveText(renderedFor);

  await save.click();
  await expect(page.getByText('Report in Lever for Data Structures saved.')).toBeVisible();
  await expect(save).toBeDisabled();

  // Read back from the server after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Rules for Data Structures' }).click();
  const again = page.getByRole('dialog', { name: 'Rules for Data Structures' }).getByRole('region', { name: 'Report in Lever' });
  await expect(again.getByRole('radio', { name: /A note on the candidate/ })).toBeChecked();
  await expect(again.getByRole('textbox', { name: 'Note template' })).toHaveValue('Result for {title}: {score}');
  await expect(again.getByRole('button', { name: 'Save report settings' })).toBeDisabled();
});
