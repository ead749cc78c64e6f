import path from 'node:path';
import { readFileSync } from 'node:fs';
import { SiteProfileSchema, type SiteProfile } from '../../../adapters/profile-schema';

/** Paths and loaders shared by the adapter tests. */

export const REPO = path.resolve(__dirname, '../../..');
export const DEMO_DIR = path.join(REPO, 'demo', 'emr');
export const PROFILE_DIR = path.join(REPO, 'adapters', 'profiles');
/** ../shared beside the repository (CI has it there too). */
export const SHARED_DATA = path.resolve(REPO, '..', 'shared', 'data');

export function demoFile(name: string): string {
  return readFileSync(path.join(DEMO_DIR, name), 'utf8');
}

export function profileJson(id: string): unknown {
  return JSON.parse(readFileSync(path.join(PROFILE_DIR, `${id}.json`), 'utf8'));
}

export function loadProfile(id: string): SiteProfile {
  return SiteProfileSchema.parse(profileJson(id));
}

/** A static page parsed as the browser would, without running its scripts (needs a DOM environment). */
export function parsePage(html: string): Document {
  return settleSelects(new DOMParser().parseFromString(html, 'text/html'));
}

/**
 * happy-dom selects the wrong option when the parser meets `<option selected>` (capricorn86/happy-dom
 * issue 2372, open): re-apply the markup's choice as a browser would have made it.
 */
export function settleSelects<T extends Document>(doc: T): T {
  for (const select of Array.from(doc.querySelectorAll('select:not([multiple])'))) {
    const chosen = Array.from(select.querySelectorAll('option[selected]')).pop() as HTMLOptionElement | undefined;
    if (chosen) (select as HTMLSelectElement).value = chosen.value;
  }
  return doc;
}

/** The drug dictionary embedded in demo/emr/drugs.js (a JSON array literal). */
export interface DemoDrug {
  code: string;
  name: string;
  spec: string;
  strength: number;
  doseUnit: string;
  form: string;
  packSize: number;
  packUnit: string;
  dose: number;
  route: string;
  freq: string;
  price: number;
}

export function demoDrugs(): DemoDrug[] {
  const source = demoFile('drugs.js');
  const start = source.indexOf('window.DEMO_DRUGS = [');
  const end = source.lastIndexOf('];');
  return JSON.parse(source.slice(source.indexOf('[', start), end + 1)) as DemoDrug[];
}
