import { Browser } from 'happy-dom';
import { getAt, newDraft, setAt, type DraftProfile } from '../../../adapters/authoring/draft';
import { pickField } from '../../../adapters/authoring/fields';
import { proposeColumnByName, proposePick } from '../../../adapters/authoring/propose';
import { DEMO_DIR, demoFile, parsePage, settleSelects } from '../adapters/support';

/** Demo pages for the picker tests, and clicks simulated as the picker's panel would handle them. */

export { demoFile, parsePage };

export const DEMO_ORIGIN = 'http://127.0.0.1:5173';

export function blankDraft(file: string, title = '演示页面'): DraftProfile {
  return newDraft({ href: `${DEMO_ORIGIN}/${file}`, title, inFrame: false });
}

/** The element `css` finds; fails the test loudly when the demo page changed. */
export function $(root: ParentNode, css: string): Element {
  const el = root.querySelector(css);
  if (!el) throw new Error(`demo page has no ${css}`);
  return el;
}

/** The value element after a banner label such as "性别：". */
export function afterLabel(root: ParentNode, label: string): Element {
  const lbl = Array.from(root.querySelectorAll('*')).find((el) => el.children.length === 0 && el.textContent?.trim() === label);
  const value = lbl?.nextElementSibling;
  if (!value) throw new Error(`no value after ${label}`);
  return value;
}

/** Applies one simulated click for `fieldId`; throws with the picker's own message when refused. */
export function pick(draft: DraftProfile, fieldId: string, el: Element): DraftProfile {
  const field = pickField(fieldId);
  if (!field) throw new Error(`unknown field ${fieldId}`);
  const proposal = proposePick(field, el, draft, el.ownerDocument);
  if (!proposal.ok) throw new Error(`${fieldId}: ${proposal.detail}`);
  return proposal.value.draft;
}

export function pickColumn(draft: DraftProfile, fieldId: string, column: string, nth?: number): DraftProfile {
  const proposal = proposeColumnByName(pickField(fieldId)!, { column, ...(nth ? { nth } : {}) }, draft);
  if (!proposal.ok) throw new Error(`${fieldId}: ${proposal.detail}`);
  return proposal.value.draft;
}

export function fixed(draft: DraftProfile, fieldId: string, value: string | number): DraftProfile {
  return setAt(draft, pickField(fieldId)!.path, { value });
}

export { getAt };

/** A demo page with its own scripts run (the inpatient frame draws its table from script). */
export async function runningPage(file: string): Promise<{ document: Document; close: () => Promise<void> }> {
  const browser = new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      fetch: { virtualServers: [{ url: `${DEMO_ORIGIN}/`, directory: DEMO_DIR }] },
    },
  });
  const page = browser.newPage();
  await page.goto(`${DEMO_ORIGIN}/${file}`);
  await page.waitUntilComplete();
  const document = settleSelects(page.mainFrame.window.document as unknown as Document);
  return { document, close: () => browser.close() };
}

/** settleSelects for the test environment's own document. */
export function settleSelectsIn(doc: Document): void {
  settleSelects(doc);
}
