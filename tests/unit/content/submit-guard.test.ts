// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import { PASS, SubmitGuard, type SubmitConfig, type SubmitOutcome, type SubmitVerdict } from '../../../entrypoints/content/submit-guard';
import { loadDemoPage } from './support';

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
const fhir = BUILT_IN_PROFILES.find((p) => p.id === 'demo-fhir')!;

/** A hold the test settles by hand. */
function holdable() {
  let settle!: (outcome: SubmitOutcome) => void;
  let fail!: (error: unknown) => void;
  const until = new Promise<SubmitOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  return { verdict: { kind: 'hold', until } as SubmitVerdict, settle, fail };
}

let guard: SubmitGuard | undefined;
/** What the page's own handlers saw: one entry per submission that reached them. */
let submitted: string[];
let decisions: number;

function install(config: SubmitConfig, decide: () => SubmitVerdict, isOwnEvent: (e: Event) => boolean = () => false): SubmitGuard {
  decisions = 0;
  guard = new SubmitGuard({
    window,
    config: () => config,
    decide: () => {
      decisions += 1;
      return decide();
    },
    isOwnEvent,
  });
  guard.install();
  return guard;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  loadDemoPage();
  submitted = [];
  document.getElementById('btnSubmitRx')!.addEventListener('click', () => submitted.push('click'));
  document.getElementById('gbox_rxGrid')!.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.ctrlKey) submitted.push('key');
  });
});

afterEach(() => {
  guard?.dispose();
  guard = undefined;
});

describe('SubmitGuard on the outpatient page', () => {
  it('lets a submission through untouched when the decision is to pass', () => {
    install(outpatient.submit, () => PASS);
    document.getElementById('btnSubmitRx')!.click();
    expect(submitted).toEqual(['click']);
    expect(decisions).toBe(1);
  });

  it('holds the click, then replays it exactly once when the review says submit', async () => {
    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    const button = document.getElementById('btnSubmitRx')!;
    button.click();
    expect(submitted).toEqual([]);
    expect(guard!.holding).toBe(true);
    // A second click while held is swallowed, not queued.
    button.click();
    expect(decisions).toBe(1);
    hold.settle('submit');
    await tick();
    expect(submitted).toEqual(['click']);
    expect(guard!.holding).toBe(false);
  });

  it('drops the held submission when the doctor goes back to edit', async () => {
    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    document.getElementById('btnSubmitRx')!.click();
    hold.settle('cancel');
    await tick();
    expect(submitted).toEqual([]);
    // The next attempt is decided afresh.
    document.getElementById('btnSubmitRx')!.click();
    expect(decisions).toBe(2);
  });

  it('catches a click on something inside the control', async () => {
    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    const label = document.createElement('span');
    label.textContent = '提交处方';
    document.getElementById('btnSubmitRx')!.append(label);
    label.click();
    expect(submitted).toEqual([]);
    hold.settle('submit');
    await tick();
    expect(submitted).toEqual(['click']);
  });

  it('holds the Ctrl+Enter shortcut inside the grid, not elsewhere, and not during IME composition', async () => {
    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    const daysInput = document.querySelector('#rxGrid tr[id="1"] td[aria-describedby="rxGrid_days"] input')!;
    daysInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, isComposing: true, bubbles: true, cancelable: true }));
    expect(decisions).toBe(0);
    document.getElementById('patientBanner')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    expect(decisions).toBe(0);
    daysInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(decisions).toBe(0);
    // Not ours to judge: the page's own handler saw them as it always would.
    submitted.length = 0;
    daysInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    expect(decisions).toBe(1);
    expect(submitted).toEqual([]);
    hold.settle('submit');
    await tick();
    expect(submitted).toEqual(['key']);
  });

  it('never strands a submission: a failing decision or hold lets it through', async () => {
    install(outpatient.submit, () => {
      throw new Error('boom');
    });
    document.getElementById('btnSubmitRx')!.click();
    expect(submitted).toEqual(['click']);
    guard!.dispose();

    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    document.getElementById('btnSubmitRx')!.click();
    hold.fail(new Error('lost'));
    await tick();
    expect(submitted).toEqual(['click', 'click']);
  });

  it('lets a held submission go when it is removed (the extension was reloaded)', () => {
    const hold = holdable();
    install(outpatient.submit, () => hold.verdict);
    document.getElementById('btnSubmitRx')!.click();
    guard!.dispose();
    expect(submitted).toEqual(['click']);
    hold.settle('submit');
    expect(submitted).toEqual(['click']);
  });

  it('ignores events from our own overlay and clicks on other buttons', () => {
    install(outpatient.submit, () => holdable().verdict, (event) => (event.target as Element).id === 'btnSubmitRx');
    document.getElementById('btnSubmitRx')!.click();
    document.getElementById('btnAddRow')!.click();
    expect(decisions).toBe(0);
    expect(submitted).toEqual(['click']);
  });
});

describe('SubmitGuard on a form', () => {
  beforeEach(() => {
    document.body.innerHTML = `
      <form id="orderForm"><input name="x" value="1"><button type="submit" id="signOrder">Sign order</button></form>
      <form id="other"><button type="submit" id="otherSubmit">Other</button></form>`;
    for (const id of ['orderForm', 'other']) {
      document.getElementById(id)!.addEventListener('submit', (event) => {
        event.preventDefault();
        submitted.push(id);
      });
    }
  });

  it('holds the form’s submit event and replays it with the same submitter', async () => {
    const hold = holdable();
    install({ controls: [], forms: fhir.submit.forms }, () => hold.verdict);
    const seenSubmitters: Array<string | undefined> = [];
    document.getElementById('orderForm')!.addEventListener('submit', (event) => seenSubmitters.push((event as SubmitEvent).submitter?.id));
    (document.getElementById('orderForm') as HTMLFormElement).requestSubmit(document.getElementById('signOrder') as HTMLButtonElement);
    expect(submitted).toEqual([]);
    hold.settle('submit');
    await tick();
    expect(submitted).toEqual(['orderForm']);
    expect(seenSubmitters).toEqual(['signOrder']);
  });

  it('leaves forms the profile does not name alone', () => {
    install({ controls: [], forms: fhir.submit.forms }, () => holdable().verdict);
    (document.getElementById('other') as HTMLFormElement).requestSubmit();
    expect(submitted).toEqual(['other']);
    expect(decisions).toBe(0);
  });

  it('holds a click on the sign button and replays it, which submits the form once', async () => {
    const hold = holdable();
    install(fhir.submit, () => hold.verdict);
    document.getElementById('signOrder')!.click();
    expect(submitted).toEqual([]);
    expect(decisions).toBe(1);
    hold.settle('submit');
    await tick();
    expect(submitted).toEqual(['orderForm']);
    expect(decisions).toBe(1);
  });
});
