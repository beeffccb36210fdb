import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { forThisFile, startDemo, startServe } from './server';

// Every screen, light and dark, checked by axe against WCAG 2.1 A and AA (and the heading and
// table-header rules beside them, see axe.ts) in each state a recruiter meets it in: nothing
// connected yet, loading, an error, and the demo with its history. No rule is left out.

const SCREENS = ['dashboard', 'insights', 'setup', 'trigger-stages', 'assessments', 'activity', 'settings'] as const;
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

/** The colour scheme the recruiter chose, in place before the app's first paint. */
async function useScheme(page: Page, scheme: Scheme) {
  await page.addInitScript((s) => localStorage.setItem('mantine-color-scheme-value', s), scheme);
}

/**
 * A screen as it settles: its title shown and nothing left loading. The candidates' filters are
 * read from the address when the screen opens, so a new filter is a new load.
 */
async function open(page: Page, url: string, screen: string) {
  await page.goto(`${url}/#/${screen}`);
  if (screen.includes('?')) await page.reload();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('loading')).toHaveCount(0);
}

test.describe('the demo with its history', () => {
  const demo = forThisFile(() => startDemo('--pace', '2'));

  for (const scheme of SCHEMES) {
    test(`every screen, and a failure's reason and a score's challenges, ${scheme}`, async ({ page }) => {
      // The demo's scripted flow takes up to two minutes to fail an invitation and score another.
      test.setTimeout(300_000);
      await useScheme(page, scheme);
      const { url } = demo();
      await page.goto(`${url}/#/dashboard`);
      const failed = page.locator('[data-testid="invitation-row"][data-status="failed"]').first();
      const submitted = page.locator('[data-testid="invitation-row"][data-status="submitted"]').first();
      await expect(failed).toBeVisible({ timeout: 150_000 });
      await expect(submitted).toBeVisible({ timeout: 150_000 });

      for (const screen of SCREENS) {
        await open(page, url, screen);
        if (screen === 'insights') {
          // The charts draw one a frame: checked once the first and the last are drawn.
          await expect(page.getByTestId('insights-funnel').getByRole('img', { name: /^Funnel from / })).toBeVisible();
          await expect(page.getByTestId('insights-challenge-drops').getByTestId('chart')).toBeVisible();
        }
        await expectNoViolations(page, `${screen}, ${scheme}, with history`, { soft: true });
      }

      // The reason an invitation failed, reached by keyboard: the status is a button that shows it on focus.
      await open(page, url, 'dashboard?status=failed');
      const reason = page.locator('[data-testid="invitation-row"][data-status="failed"]').first().getByRole('button', { name: 'Failed' });
      await reason.focus();
      await expect(page.getByRole('tooltip')).toBeVisible();
      await expectNoViolations(page, `a failed invitation's reason, ${scheme}`, { soft: true });
      await page.keyboard.press('Escape');

      // A score's challenges, kept open by a click.
      await open(page, url, 'dashboard?status=submitted');
      await page.getByTestId('invitation-table').getByRole('button', { name: /\d%/ }).first().click();
      await expect(page.getByRole('tooltip')).toBeVisible();
      await expectNoViolations(page, `a score's challenges, ${scheme}`, { soft: true });
    });
  }

  for (const scheme of SCHEMES) {
    test(`an assessment's rules, and the stage preview, ${scheme}`, async ({ page }) => {
      await useScheme(page, scheme);
      const { url } = demo();
      await open(page, url, 'assessments');
      await page.getByRole('button', { name: 'Rules for Backend Challenge' }).click();
      const drawer = page.getByRole('dialog', { name: 'Rules for Backend Challenge' });
      await expect(drawer.getByRole('region', { name: 'Routing by score' })).toBeVisible();
      await expect(page.getByTestId('loading')).toHaveCount(0);
      await expectNoViolations(page, `an assessment's rules, ${scheme}`, { soft: true });
      await page.keyboard.press('Escape');

      await open(page, url, 'trigger-stages');
      await page.getByRole('button', { name: 'Already in this stage: Coding assessment' }).click();
      const preview = page.getByRole('dialog', { name: 'Already in Coding assessment' });
      await expect(preview.getByRole('table', { name: 'Candidates already in the stage' })).toBeVisible({ timeout: 30_000 });
      await expectNoViolations(page, `the stage preview, ${scheme}`, { soft: true });
    });
  }

  test("the keyboard reaches every action on the candidates' screen, in order, each showing where it is", async ({ page }) => {
    const { url } = demo();
    // The failed invitations: their reasons, Retry and the row's actions, away from the live flow's changes.
    await open(page, url, 'dashboard?status=failed');
    await expect(page.locator('[data-testid="invitation-row"][data-status="failed"]').first()).toBeVisible();
    const reached: { name: string; order: number; ring: boolean }[] = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(async () => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        // The focus style as it ends: a border or shadow eases in (a transition on the element or around it).
        const easing = [el, el.parentElement, el.nextElementSibling].flatMap((e) => e?.getAnimations() ?? []).filter((a) => a instanceof CSSTransition);
        await Promise.all(easing.map((a) => a.finished.catch(() => undefined)));
        const all = Array.from(document.querySelectorAll('*'));
        // The primary colour as the browser resolves it: a text box shows the focus with its border in it.
        const probe = document.body.appendChild(document.createElement('span'));
        probe.style.color = 'var(--mantine-primary-color-filled)';
        const primary = getComputedStyle(probe).color;
        probe.remove();
        // A focus ring: an outline, a box shadow or a primary-coloured border on the element, or on the label drawn for a hidden input.
        const shows = (e: Element | null) => {
          if (!e) return false;
          const s = getComputedStyle(e);
          return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none' || s.borderColor === primary;
        };
        const hidden = getComputedStyle(el).opacity === '0';
        const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
        return {
          name: `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? ((el as HTMLInputElement).labels?.[0] ?? el).textContent?.trim().slice(0, 40) ?? ''}"`,
          order: all.indexOf(el),
          ring: shows(el) || (hidden && shows(label ?? el.nextElementSibling)),
        };
      });
      if (!at || (reached.length > 0 && at.order <= reached[reached.length - 1].order)) break;
      reached.push(at);
    }
    const names = reached.map((r) => r.name);
    const order = `reached by Tab, in order:\n  ${names.join('\n  ')}`;
    // The whole screen, from the navigation to the last row, each in the order it is shown.
    for (const action of ['a "Candidates"', 'Search candidates', 'button "Failed', 'Retry invitation of', 'Open in Lever'])
      expect(names.some((n) => n.includes(action)), `${action} ${order}`).toBe(true);
    expect(reached.filter((r) => !r.ring).map((r) => r.name), 'focused without a visible ring').toEqual([]);
  });

  for (const scheme of SCHEMES) {
    test(`loading, and an answer that does not come, ${scheme}`, async ({ page }) => {
      await useScheme(page, scheme);
      const { url } = demo();

      // The candidates' list while its answer is on the way: held until the page has been checked.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/invitations?**', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${url}/#/dashboard`);
      await expect(page.getByTestId('loading')).toBeVisible();
      await expectNoViolations(page, `dashboard loading, ${scheme}`, { soft: true });
      release();
      await expect(page.getByTestId('loading')).toHaveCount(0);
      await page.unroute('**/api/invitations?**');

      // The activity log when assessbridge cannot be reached: the reason and Try again.
      await page.route('**/api/activity**', (route) => route.abort('connectionrefused'));
      await page.goto(`${url}/#/activity`);
      await expect(page.getByTestId('error-state')).toBeVisible();
      await expectNoViolations(page, `activity unreachable, ${scheme}`, { soft: true });
    });
  }
});

test.describe('nothing connected yet', () => {
  const demo = forThisFile(() => startDemo('--setup', '--pace', '3'));

  for (const scheme of SCHEMES) {
    test(`every screen, and a refused key, ${scheme}`, async ({ page }) => {
      await useScheme(page, scheme);
      const { url } = demo();
      for (const screen of SCREENS) {
        await open(page, url, screen);
        await expectNoViolations(page, `${screen}, ${scheme}, nothing connected`, { soft: true });
      }

      await open(page, url, 'setup');
      const lever = page.getByTestId('setup-step-lever');
      await lever.getByLabel('Lever API key').fill('not-the-right-key');
      await lever.getByRole('button', { name: 'Connect Lever' }).click();
      await expect(lever.getByRole('alert')).toContainText('Lever refused this API key');
      await expectNoViolations(page, `setup with a refused key, ${scheme}`, { soft: true });
    });
  }
});

test.describe('the login of a server', () => {
  const serve = forThisFile(startServe);

  for (const scheme of SCHEMES) {
    test(`the login, and a wrong token, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(serve().url);
      await expect(page.getByLabel('Admin token')).toBeVisible();
      await expectNoViolations(page, `login, ${scheme}`, { soft: true });
      await page.getByLabel('Admin token').fill('not-the-token-not-the-token-not-the-token');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByTestId('login-problem')).toBeVisible();
      await expectNoViolations(page, `login with a wrong token, ${scheme}`, { soft: true });
    });
  }
});
