import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';

/** The rules the screens are held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Rules outside WCAG's tags that the screens keep as well: axe files them under "best practice",
 * but a screen reader user finds their way by the headings, and a header cell with no name says
 * nothing about its column.
 */
export const STRUCTURE_RULES = ['page-has-heading-one', 'heading-order', 'empty-table-header', 'landmark-one-main'];

/** One line a violation: the rule, its impact and every element it was found on. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
      return `  ${v.id} (${v.impact ?? 'no impact'}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n${targets.join('\n')}`;
    })
    .join('\n');
}

/**
 * Runs axe on the page as it is (axe's source comes from node_modules/axe-core and is put into
 * the page; nothing is downloaded) and returns what it found: the WCAG rules, and the structure
 * rules turned on by name beside them.
 */
export async function scan(page: Page): Promise<Result[]> {
  // Colours are measured as they end: a drawer, dialog or tooltip that is still fading in is not yet what is seen.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const rules = Object.fromEntries(STRUCTURE_RULES.map((id) => [id, { enabled: true }]));
  const results: AxeResults = await new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: WCAG_TAGS }, rules }).analyze();
  return results.violations;
}

/**
 * Fails with every rule, impact and element when axe finds anything on the page as it is; `soft`
 * lets the test go on to its other screens and fail at its end with all of them.
 */
export async function expectNoViolations(page: Page, label: string, { soft = false }: { soft?: boolean } = {}): Promise<void> {
  const violations = await scan(page);
  const elements = violations.reduce((n, v) => n + v.nodes.length, 0);
  const check = soft ? expect.soft : expect;
  check(elements, `${label}: ${elements} element(s) break accessibility rules\n${describeViolations(violations)}`).toBe(0);
}
