import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { parseCsvText } from '../../../rules/import/csv';
import { DEMO_DIR, SHARED_DATA, demoDrugs, demoFile } from './support';

/** The demo pages carry real national codes, names and ICD-10 diagnoses, and stay small and CSP-clean. */

const TWO_LIBS = path.join(SHARED_DATA, 'nhsa-two-libs');
const CONTRACT = path.resolve(SHARED_DATA, '..', 'docs', 'check-contract.md');

/** National code → official name, from the batch CSVs (med_codes lists every code of an item). */
function batchCodes(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of readdirSync(TWO_LIBS).filter((f) => f.endsWith('.csv'))) {
    const [header, ...rows] = parseCsvText(readFileSync(path.join(TWO_LIBS, file), 'utf8'));
    const name = header!.indexOf('item_name');
    const codes = header!.indexOf('med_codes');
    for (const row of rows) for (const code of (row[codes] ?? '').split(';')) if (code) names.set(code, row[name]!);
  }
  return names;
}

/** All text of the drug rule workbooks (第一批/第三批 sheet 2 list codes beside names). */
function workbookText(): string {
  return readdirSync(TWO_LIBS)
    .filter((f) => f.endsWith('.xlsx') && f.includes('药品'))
    .flatMap((f) => Object.entries(unzipSync(new Uint8Array(readFileSync(path.join(TWO_LIBS, f))))))
    .filter(([entry]) => entry.endsWith('.xml'))
    .map(([, bytes]) => strFromU8(bytes))
    .join('\n');
}

function icdNames(): Map<string, string> {
  const [, ...rows] = parseCsvText(readFileSync(path.join(SHARED_DATA, 'icd10-chs-v2-diagnoses.csv'), 'utf8'));
  return new Map(rows.map((r) => [r[0]!, r[1]!]));
}

const pages = readdirSync(DEMO_DIR);

describe('demo drug dictionary', () => {
  const drugs = demoDrugs();
  const batches = batchCodes();

  it('holds about thirty drugs with unique codes', () => {
    expect(drugs.length).toBeGreaterThanOrEqual(30);
    expect(new Set(drugs.map((d) => d.code)).size).toBe(drugs.length);
  });

  it('uses real national codes with their official names', () => {
    const workbooks = workbookText();
    const contract = readFileSync(CONTRACT, 'utf8');
    for (const drug of drugs) {
      const official = batches.get(drug.code);
      if (official !== undefined) {
        expect(official, drug.code).toBe(drug.name);
      } else if (workbooks.includes(drug.code)) {
        expect(workbooks, drug.code).toContain(`>${drug.name}<`);
      } else {
        // 丁苯酞软胶囊: the check contract's example line.
        expect(contract, drug.code).toContain(`"code": "${drug.code}"`);
        expect(contract).toContain(`"name": "${drug.name}"`);
      }
    }
  });

  it('gives each drug a 规格 that matches its strength and package size', () => {
    for (const d of drugs) {
      expect(d.spec, d.name).not.toBe('');
      if (d.packSize > 1) expect(d.spec.endsWith(`*${d.packSize}${d.form}`), `${d.name} ${d.spec}`).toBe(true);
      if (d.doseUnit !== d.form) expect(d.spec, d.name).toContain(`${d.strength}${d.doseUnit}`);
      // A default dose is a whole or half dispensing unit.
      const halves = (d.dose / d.strength) * 2;
      expect(Math.abs(halves - Math.round(halves)) < 1e-9 && halves >= 1, d.name).toBe(true);
    }
  });

  it('is the only source of drugs the pages show', () => {
    const known = new Map(drugs.map((d) => [d.code, d]));
    for (const page of ['outpatient.html', 'fhir-order.html', 'inpatient-data.js']) {
      const codes = demoFile(page).match(/\b[XZ][A-Z0-9]{19,22}\b/g) ?? [];
      expect(codes.length, page).toBeGreaterThan(0);
      for (const code of codes) expect(known.has(code), `${page}: ${code}`).toBe(true);
    }
    const outpatient = demoFile('outpatient.html');
    for (const [, code, spec] of outpatient.matchAll(/rxGrid_insCode"[^>]*>([A-Z0-9]+)<\/td>\s*<td[^>]*rxGrid_spec">([^<]+)</g)) {
      expect(spec, code).toBe(known.get(code!)!.spec);
    }
  });
});

describe('demo 饮片 dictionary', () => {
  const source = demoFile('herbs.js');
  const herbs = JSON.parse(source.slice(source.indexOf('[', source.indexOf('window.DEMO_HERBS = [')), source.lastIndexOf('];') + 1)) as { code: string; name: string; dose: number; price: number }[];
  const batches = batchCodes();
  const published = new Map([...batches].filter(([code]) => code.startsWith('T')));

  it('holds unique national 饮片 codes (T + 9 digits) with a dose and a price', () => {
    expect(herbs.length).toBeGreaterThanOrEqual(40);
    expect(new Set(herbs.map((h) => h.code)).size).toBe(herbs.length);
    expect(new Set(herbs.map((h) => h.name)).size).toBe(herbs.length);
    for (const h of herbs) {
      expect(h.code, h.name).toMatch(/^T\d{9}$/);
      expect(h.dose > 0 && h.price > 0, h.name).toBe(true);
    }
  });

  it('uses the published code and name where 第十一批 has the herb, and a made-up 名称码 (00901 on) that no published herb has otherwise', () => {
    const publishedCodeOf = new Map([...published].map(([code, name]) => [name, code]));
    for (const h of herbs) {
      const official = published.get(h.code);
      if (official !== undefined) expect(official, h.code).toBe(h.name);
      else {
        expect(publishedCodeOf.has(h.name), `${h.name} has a published code`).toBe(false);
        expect(Number(h.code.slice(5)), h.code).toBeGreaterThanOrEqual(901);
      }
    }
  });

  it('is the only source of herbs the herbal page shows', () => {
    const known = new Map(herbs.map((h) => [h.code, h.name]));
    const rows = [...demoFile('herbal.html').matchAll(/herb-name" value="([^"]+)"[^]*?c-code">(T\d{9})</g)];
    expect(rows).toHaveLength(10);
    for (const [, name, code] of rows) expect(known.get(code!), code).toBe(name);
  });
});

describe('demo charge list (诊疗项目 and 医用耗材, charges.js)', () => {
  const source = demoFile('charges.js');
  const charges = JSON.parse(source.slice(source.indexOf('['), source.lastIndexOf('];') + 1)) as { code: string; name: string; kind: string; kindLabel: string; unit: string }[];
  const examples = ['consumable-items-example.csv', 'consumable-limits-example.csv']
    .map((f) => readFileSync(path.resolve(DEMO_DIR, '../../rules/import/templates', f), 'utf8'))
    .join('\n');

  it('holds items with national 15-digit codes and the example lists’ consumables under their names', () => {
    const items = charges.filter((c) => c.kind === 'item');
    const materials = charges.filter((c) => c.kind === 'material');
    expect(items.length).toBeGreaterThan(0);
    expect(materials.length).toBeGreaterThan(0);
    for (const c of items) expect(c.code, c.name).toMatch(/^\d{15}$/);
    for (const c of materials) {
      expect(c.code, c.name).toMatch(/^C\d{26}$/);
      // 项目与耗材对照 rows read 编码,名称; 耗材限定 rows 编码,前缀,名称.
      expect([`${c.code},${c.name},`, `${c.code},,${c.name},`].some((row) => examples.includes(row)), `${c.code} ${c.name}`).toBe(true);
    }
    expect(charges.map((c) => c.kindLabel)).toEqual(charges.map((c) => (c.kind === 'item' ? '诊疗' : '耗材')));
  });

  it('is what the inpatient screen charges besides drugs', () => {
    const known = new Set(charges.map((c) => c.code));
    const charged = [...demoFile('inpatient-data.js').matchAll(/charge\('\d+', '[^']+', '([^']+)'/g)].map((m) => m[1]!);
    expect(charged.length).toBeGreaterThan(0);
    for (const code of charged) expect(known.has(code), code).toBe(true);
  });
});

describe('demo diagnoses', () => {
  it('use ICD-10 医保版 2.0 codes with their names', () => {
    const icd = icdNames();
    const pairs = [
      ...demoFile('outpatient.html').matchAll(/diag-code">([^<]+)<\/td><td class="diag-name">([^<]+)</g),
      ...demoFile('fhir-order.html').matchAll(/cond-code">([^<]+)<\/code><\/td><td class="cond-display">([^<]+)</g),
      ...demoFile('inpatient-data.js').matchAll(/\{ code: '([^']+)', name: '([^']+)'/g),
      ...demoFile('herbal.html').matchAll(/diag-code">([^<]+)<\/td><td class="diag-name">([^<]+)</g),
    ].map((m): [string, string] => [m[1]!, m[2]!]);
    expect(pairs).toHaveLength(8);
    for (const [code, name] of pairs) expect(icd.get(code), code).toBe(name);
  });
});

describe('demo frequencies', () => {
  it('count times per cycle as the order-frequency dictionary does', () => {
    const [, ...rows] = parseCsvText(readFileSync(path.join(SHARED_DATA, 'order-frequency.csv'), 'utf8'));
    const dictionary = new Map(rows.map((r) => [r[0]!, { cycle: Number(r[3]), times: Number(r[4]) }]));
    const table = [...demoFile('his-common.js').matchAll(/\{ code: '(\w+)', label: '[^']+', times: (\d+), cycle: (\d+) \}/g)];
    expect(table.length).toBe(12);
    for (const [, code, times, cycle] of table) {
      // q8h and q12h are "times a day" in the dictionary too.
      expect(dictionary.get(code!), code).toEqual({ cycle: Number(cycle), times: Number(times) });
    }
  });
});

describe('demo page files', () => {
  it('are each under 30 KB', () => {
    for (const file of pages) expect(statSync(path.join(DEMO_DIR, file)).size, file).toBeLessThan(30 * 1024);
  });

  it('are UTF-8 pages with no inline script or event handler, as a strict CSP requires', () => {
    for (const file of pages.filter((f) => f.endsWith('.html'))) {
      const html = demoFile(file);
      expect(html, file).toMatch(/<meta charset="utf-8">/);
      expect(html, file).toMatch(/<html lang="(zh-CN|en)">/);
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [], file).toEqual([]);
      expect(html.match(/\son[a-z]+=/g) ?? [], file).toEqual([]);
      expect(html, file).not.toContain('\uFFFD');
    }
  });

  it('build the DOM without string-to-HTML sinks that Trusted Types would block', () => {
    for (const file of pages.filter((f) => f.endsWith('.js'))) {
      const source = demoFile(file);
      for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
        expect(source.includes(sink), `${file} uses ${sink}`).toBe(false);
      }
    }
  });

  it('keep csp.html and hostile.html identical to outpatient.html apart from what makes them differ', () => {
    const strip = (html: string) =>
      html
        .replace(/<title>[^<]*<\/title>/, '')
        .replace(/data-page="[a-z]+"/, '')
        .replace('<link rel="stylesheet" href="hostile.css">\n', '')
        .replace('<script src="hostile.js"></script>\n', '');
    const outpatient = strip(demoFile('outpatient.html'));
    expect(strip(demoFile('csp.html'))).toBe(outpatient);
    expect(strip(demoFile('hostile.html'))).toBe(outpatient);
    expect(demoFile('hostile.html')).toContain('<script src="hostile.js"></script>');
  });

  it('are all listed on the index page', () => {
    const index = demoFile('index.html');
    for (const page of ['outpatient.html', 'inpatient.html', 'fhir-order.html', 'legacy-his.html', 'herbal.html', 'frames-his.html', 'csp.html', 'hostile.html']) {
      expect(index).toContain(`href="${page}"`);
    }
  });
});
