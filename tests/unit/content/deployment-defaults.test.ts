// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { checkProfile } from '../../../adapters/runtime-profiles';
import { OrderReader } from '../../../entrypoints/content/order-reader';
import { demoFile, parsePage } from '../adapters/support';

/** The deployment's 医疗机构等级 fills the order when the page (through its profile) shows none. */

const checked = checkProfile(JSON.parse(demoFile('custom-his.profile.json')));
if (!checked.ok) throw new Error('custom-his.profile.json does not validate');
const profile = checked.profile;
const page = () => parsePage(demoFile('custom-his.html').replace(/<link rel="stylesheet"[^>]*>/g, ''));

describe('institution level from the deployment', () => {
  it('is used on full reads and kept by row re-reads', () => {
    const doc = page();
    const reader = new OrderReader(doc, profile, { institutionLevel: 2 });
    expect(reader.readAll().order!.encounter.institutionLevel).toBe(2);
    const row = doc.querySelector('tr[data-line="L1"]')!;
    row.querySelector<HTMLInputElement>('input[aria-label="疗程"]')!.value = '10';
    const next = reader.reread([row]);
    expect(next.mode).toBe('rows');
    expect(next.order!.lines[0]!.days).toBe(10);
    expect(next.order!.encounter.institutionLevel).toBe(2);
  });

  it('is absent when the deployment sets none', () => {
    expect(new OrderReader(page(), profile).readAll().order!.encounter.institutionLevel).toBeUndefined();
  });
});
