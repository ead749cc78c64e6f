// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { FRAME_READ, FRAME_READ_ASK, FRAME_READ_RELAY, type FrameRelay } from '../../../adapters/frame-messages';
import { FrameInbox, linkFrames, type FrameLink, type RuntimeLike } from '../../../entrypoints/content/frame-link';
import { demoFile, parsePage } from '../adapters/support';

/**
 * The content script's side of one order across frames: the upper frame of frames-his.html feeds
 * its fields, the order frame's inbox takes them — through a stand-in for the background that
 * relays as the real one does (adapters/frame-relay-background.ts).
 */

const ORIGIN = 'http://127.0.0.1:5173';
const UP = '/frames-patient.html';
const PATIENT_URL = `${ORIGIN}${UP}`;
const ORDERS_URL = `${ORIGIN}/frames-orders.html`;
const EXTENSION_ID = 'preflight-test';

const profile = SiteProfileSchema.parse({
  profileVersion: 1,
  id: 'frames-his',
  name: '框架版',
  match: { urls: [`${ORIGIN}/*`], paths: ['/frames-orders.html'] },
  frames: true,
  patient: { sex: { label: '性别', within: '#ptBar', transform: ['sex'], frame: UP } },
  encounter: { visitType: { value: 'inpatient' } },
  diagnoses: { within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, name: { css: '.dx-name' }, frame: UP },
  orders: { table: '#orderGrid', rows: 'tr.og-row', headerRow: 'tr.og-head', fields: { code: { column: '医保编码' }, name: { column: '医嘱名称' } } },
});

type Listener = (message: unknown, sender: { id?: string }) => undefined;

/** One tab: each frame's runtime, and the background passing messages between them. */
class Tab {
  readonly frames: Array<{ frameId: number; url: string; listeners: Set<Listener> }> = [];
  readonly log: unknown[] = [];

  runtime(frameId: number, url: string): RuntimeLike {
    const frame = { frameId, url, listeners: new Set<Listener>() };
    this.frames.push(frame);
    return {
      id: EXTENSION_ID,
      sendMessage: async (message: unknown) => {
        this.log.push(message);
        const m = message as { type: string; profileId: string; read?: unknown };
        if (m.type === FRAME_READ) this.broadcast({ type: FRAME_READ_RELAY, profileId: m.profileId, from: { frameId, url }, read: m.read });
        if (m.type === FRAME_READ_ASK) this.broadcast(m);
      },
      onMessage: { addListener: (l) => frame.listeners.add(l), removeListener: (l) => frame.listeners.delete(l) },
    };
  }

  /** What any page could try: a message not from our background. */
  forge(message: unknown): void {
    for (const frame of this.frames) for (const l of frame.listeners) l(message, { id: 'someone-else' });
  }

  broadcast(message: unknown): void {
    for (const frame of this.frames) for (const l of [...frame.listeners]) l(message, { id: EXTENSION_ID });
  }
}

const links: FrameLink[] = [];
afterEach(() => {
  links.splice(0).forEach((l) => l.dispose());
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 220));

describe('frames linked through the background', () => {
  it('the order frame gets the upper frame’s fields, whichever starts first, and follows its changes', async () => {
    const tab = new Tab();
    const patientDoc = parsePage(demoFile('frames-patient.html'));
    const ordersDoc = parsePage(demoFile('frames-orders.html'));
    let changes = 0;
    // The order frame first: it asks, nobody answers yet.
    const home = linkFrames({ document: ordersDoc, url: ORDERS_URL, runtime: tab.runtime(2, ORDERS_URL), feeds: [], home: profile, onRemoteChange: () => changes++ });
    links.push(home);
    expect(home.inbox?.complete).toBe(false);
    const unread = extractOrder(ordersDoc, profile, { elsewhere: home.inbox! });
    expect(unread.order!.unread).toEqual(expect.arrayContaining(['patient.sex', 'encounter.diagnoses']));

    links.push(linkFrames({ document: patientDoc, url: PATIENT_URL, runtime: tab.runtime(1, PATIENT_URL), feeds: [profile] }));
    expect(home.inbox!.complete).toBe(true);
    expect(changes).toBe(1);
    const read = extractOrder(ordersDoc, profile, { elsewhere: home.inbox! });
    expect(read.order!.patient.sex).toBe('M');
    expect(read.order!.encounter.diagnoses.map((d) => d.code)).toEqual(['N40.x00', 'I10.x00x002']);

    // The doctor removes 前列腺增生 in the upper frame: a new read follows after a pause.
    patientDoc.querySelector('#dxTags li')!.remove();
    await settle();
    expect(changes).toBe(2);
    expect(extractOrder(ordersDoc, profile, { elsewhere: home.inbox! }).order!.encounter.diagnoses.map((d) => d.code)).toEqual(['I10.x00x002']);
    // An unchanged page sends nothing more.
    patientDoc.body.setAttribute('data-x', '1');
    await settle();
    expect(tab.log.filter((m) => (m as { type: string }).type === FRAME_READ)).toHaveLength(2);
  });

  it('a late order frame asks, and the upper frame answers at once', async () => {
    const tab = new Tab();
    links.push(linkFrames({ document: parsePage(demoFile('frames-patient.html')), url: PATIENT_URL, runtime: tab.runtime(1, PATIENT_URL), feeds: [profile] }));
    const home = linkFrames({ document: parsePage(demoFile('frames-orders.html')), url: ORDERS_URL, runtime: tab.runtime(2, ORDERS_URL), feeds: [], home: profile });
    links.push(home);
    expect(home.inbox!.read(UP)?.fields['patient.sex']?.value).toBe('M');
    await expect(home.inbox!.settled(5000)).resolves.toBeUndefined();
  });

  it('takes nothing from page scripts, from another URL, or for another profile; a frame going away takes its read back', () => {
    const tab = new Tab();
    let changes = 0;
    const inbox = new FrameInbox(profile, ORDERS_URL, () => changes++);
    const relay = (url: string, extra: Partial<FrameRelay> = {}): FrameRelay => ({
      type: FRAME_READ_RELAY,
      profileId: 'frames-his',
      from: { frameId: 1, url },
      read: { fields: { 'patient.sex': { found: true, value: 'F', problems: [] } } },
      ...extra,
    });
    const home = linkFrames({ document: parsePage(demoFile('frames-orders.html')), url: ORDERS_URL, runtime: tab.runtime(2, ORDERS_URL), feeds: [], home: profile });
    links.push(home);
    tab.forge(relay(PATIENT_URL));
    expect(home.inbox!.read(UP)).toBeUndefined();

    expect(inbox.accept(relay('http://evil.example/frames-patient.html'))).toBe(false);
    expect(inbox.accept(relay(`${ORIGIN}/other.html`))).toBe(false);
    expect(inbox.accept(relay(PATIENT_URL, { profileId: 'another' }))).toBe(false);
    expect(changes).toBe(0);
    expect(inbox.accept(relay(PATIENT_URL))).toBe(true);
    expect(inbox.read(UP)?.fields['patient.sex']?.value).toBe('F');
    // Another frame cannot take back what frame 1 sent; frame 1 can.
    expect(inbox.accept(relay(PATIENT_URL, { from: { frameId: 9, url: PATIENT_URL }, read: null }))).toBe(false);
    expect(inbox.accept(relay(PATIENT_URL, { read: null }))).toBe(true);
    expect(inbox.read(UP)).toBeUndefined();
    expect(inbox.here('/frames-orders.html')).toBe(true);
  });

  it('a frame that never answers leaves the wait after the time given', async () => {
    const inbox = new FrameInbox(profile, ORDERS_URL, () => undefined);
    const started = Date.now();
    await inbox.settled(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(inbox.complete).toBe(false);
  });
});
