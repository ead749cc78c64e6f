import { test, expect } from './fixtures';
import { flagEvents, gridInput, openDemo, overlay, storeSettings, submissions } from './preflight-page';

/**
 * Issue #13 R7: a script of the EMR page itself tries to read our overlay and to click through the
 * review dialog with its own reason. Our UI is in a closed shadow root and acts on trusted input
 * only, so the script finds nothing, no decision is logged and the submission stays held.
 */

const FORGED_REASON = '页面脚本伪造的理由';

interface AttackReport {
  shadowRoot: boolean;
  hostText: string;
  pageSeesDialog: boolean;
  clicked: string[];
}

test('a page script can neither read the overlay nor click through the review dialog', async ({ context, demo, serviceWorker }) => {
  const sw = await serviceWorker();
  await storeSettings(sw, { warningBlocksSubmit: true });
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await page.click('#btnSubmitRx');
  await expect(ui.dialog).toBeVisible();
  await expect(ui.dialog).toContainText('阿利沙坦酯片 门诊处方 14 天，超过 7 天');
  const before = (await flagEvents(sw)).length;
  /** The log lists the newest first: what was recorded since the dialog opened. */
  const since = async () => {
    const all = await flagEvents(sw);
    return all.slice(0, all.length - before);
  };

  // The page's own (main-world) script, doing what it could do to an open root.
  const report = await page.evaluate(async (reason): Promise<AttackReport> => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 60));
    const host = document.querySelector('preflight-overlay') as HTMLElement;
    const root = host.shadowRoot;
    const clicked: string[] = [];
    const press = (el: Element | null | undefined, what: string) => {
      if (!el) return;
      (el as HTMLElement).click();
      clicked.push(what);
    };
    // Through the shadow root, if there is one.
    press(root?.querySelector('[data-role="continue-all"]'), 'continue-all');
    await pause();
    for (const item of root?.querySelectorAll('.pf-review-item') ?? []) {
      press(item.querySelector('input[type="radio"][value="continue"]'), 'continue');
      await pause();
      press(item.querySelector('input[type="radio"][value="other"]'), 'other');
      await pause();
      const text = item.querySelector<HTMLInputElement>('input[type="text"]');
      if (text) {
        text.value = reason;
        text.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        clicked.push('reason');
      }
      await pause();
    }
    press(root?.querySelector('[data-role="continue"]'), 'submit');
    await pause();
    // Without one: whatever the page can hit or focus, and keys sent at it.
    const box = host.getBoundingClientRect();
    press(document.elementFromPoint(640, 400), 'point');
    press(document.activeElement, 'active');
    for (const key of ['Enter', ' ', 'Escape']) {
      for (const target of [document.activeElement, host, document]) {
        target?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
      }
    }
    await pause();
    return {
      shadowRoot: root !== null,
      hostText: `${host.textContent ?? ''}|${host.innerHTML}|${box.width}`,
      pageSeesDialog: document.body.innerText.includes('提交前医保审核'),
      clicked,
    };
  }, FORGED_REASON);

  expect(report.shadowRoot).toBe(false);
  expect(report.hostText).not.toContain('审核');
  expect(report.pageSeesDialog).toBe(false);
  expect(report.clicked).not.toContain('submit');

  // Nothing was decided: the dialog is still open, nothing logged, the submission still held.
  await page.waitForTimeout(300);
  await expect(ui.dialog).toBeVisible();
  expect(await submissions(page)).toBe(0);
  const after = await since();
  expect(after.filter((e) => e.type === 'decision' || e.type === 'review')).toEqual([]);
  expect(JSON.stringify(await flagEvents(sw))).not.toContain(FORGED_REASON);

  // The doctor's own clicks still work.
  await ui.dialog.locator('[data-role="return"]').click();
  await expect(ui.dialog).toHaveCount(0);
  await expect
    .poll(async () => (await since()).filter((e) => e.type === 'review').map((e) => e.type === 'review' && e.outcome))
    .toEqual(['returned']);
  expect(await submissions(page)).toBe(0);
  expect(errors).toEqual([]);
});

test('a page script cannot switch checking off with a forged "content script started" event', async ({ context, demo, extensionId }) => {
  const { page, errors } = await openDemo(context, demo, 'outpatient.html');
  const ui = overlay(page);
  await ui.firstCheck();
  await expect(ui.marker('1')).toBeVisible();

  // WXT's signal for "a newer copy of the content script started", dispatched by the page itself:
  // it only needs the extension's id, which a hospital's managed deployment does not hide.
  await page.evaluate((id) => {
    document.dispatchEvent(new CustomEvent(`${id}:content:wxt:content-script-started`, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
    window.postMessage({ type: `${id}:content:wxt:content-script-started`, contentScriptName: 'content', messageId: 'forged' }, '*');
  }, extensionId);
  await page.waitForTimeout(500);

  // Still there, still checking what the doctor types: 7 days clears row 1's day-limit finding.
  await expect(page.locator('preflight-overlay')).toHaveCount(1);
  await expect(ui.marker('1')).toBeVisible();
  await gridInput(page, '1', 'days').fill('7');
  await expect(ui.marker('1')).toHaveCount(0);
  await expect(ui.badge).toHaveAttribute('data-state', 'checked');
  expect(errors).toEqual([]);
});
