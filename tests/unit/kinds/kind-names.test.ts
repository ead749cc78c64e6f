// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { kindLabel, language } from '../../../components/i18n';
import { RULE_KINDS, type Finding, type RuleKind } from '../../../contract/findings';
import { templateInstructionRows } from '../../../rules/import/local-template';
import { kindOf } from '../../../rules/import/local-values';
import { toCard } from '../../../rules/interop/cds-hooks';
import { to3101Response } from '../../../rules/interop/nhsa3101-result';
import { KINDS } from '../../../rules/kinds';
import { KIND_NAMES } from '../../../rules/kinds/names';
import { sourceFiles } from '../architecture/import-graph';

/** The kind names exist once (rules/kinds/names.ts) and every surface shows that one wording. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CJK = /[\u4e00-\u9fff]/;

afterEach(() => {
  language.value = 'zh-CN';
});

function finding(kind: RuleKind): Finding {
  return { ruleId: `r-${kind}`, kind, severity: 'warning', lineId: 'l1', message: '提示', actions: [] };
}

describe('the kind names', () => {
  it('name every kind of the contract in Chinese and in English, each name once', () => {
    expect(Object.keys(KIND_NAMES).sort()).toEqual([...RULE_KINDS].sort());
    for (const kind of RULE_KINDS) {
      expect(KIND_NAMES[kind].zh, kind).toMatch(CJK);
      expect(KIND_NAMES[kind].en, kind).toMatch(/^[A-Z][A-Za-z -]+$/);
    }
    expect(new Set(RULE_KINDS.map((k) => KIND_NAMES[k].zh)).size).toBe(RULE_KINDS.length);
    expect(new Set(RULE_KINDS.map((k) => KIND_NAMES[k].en)).size).toBe(RULE_KINDS.length);
  });

  it('are what every kind definition carries', () => {
    for (const definition of KINDS) expect(definition.name, definition.kind).toBe(KIND_NAMES[definition.kind]);
  });

  it('are what the UI shows, in both languages', () => {
    for (const kind of RULE_KINDS) expect(kindLabel(kind)).toBe(KIND_NAMES[kind].zh);
    language.value = 'en';
    for (const kind of RULE_KINDS) expect(kindLabel(kind)).toBe(KIND_NAMES[kind].en);
  });

  it('are what the 3101 answer and the CDS Hooks card call a kind', () => {
    for (const kind of RULE_KINDS) {
      expect(toCard('rx-1', '2026.1', finding(kind)).source.topic?.display, kind).toBe(KIND_NAMES[kind].zh);
      const answer = to3101Response([{ orderId: 'rx-1', packVersion: '2026.1', elapsedMs: 0, findings: [finding(kind)] }]);
      expect(answer.output.result[0]?.rule_name, kind).toBe(KIND_NAMES[kind].zh);
    }
  });

  it('are what the import template lists and reads back, synonyms included, never two kinds for one word', () => {
    const sheet = templateInstructionRows();
    const listed = sheet.slice(sheet.findIndex((row) => row[0] === '规则类型' && row[1] === '限定值示例') + 1).filter((row) => row.length === 3).map((row) => row[0]);
    expect(listed.sort()).toEqual(KINDS.map((k) => k.name.zh).sort());
    const owner = new Map<string, string>();
    for (const { kind, name } of KINDS) {
      for (const word of [kind, name.zh, ...name.synonyms]) {
        expect(owner.get(word), `${word} names ${owner.get(word)} and ${kind}`).toBeUndefined();
        owner.set(word, kind);
        expect(kindOf(word), word).toEqual({ ok: true, value: kind });
      }
    }
  });

  it('are what the import README tables under 规则类型', () => {
    const readme = readFileSync(path.join(ROOT, 'rules/import/README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| 规则类型 | 限定值 |'));
    const rows = [...table.matchAll(/^\| ([^|]+?) \| [^|]+ \|$/gm)].map((m) => m[1]!).filter((c) => c !== '规则类型' && !c.startsWith('---'));
    expect(rows.sort()).toEqual(KINDS.map((k) => k.name.zh).sort());
  });

  it('have no second table anywhere in the sources', () => {
    const names = RULE_KINDS.map((kind) => ({ kind, words: [KIND_NAMES[kind].zh, KIND_NAMES[kind].en] }));
    const tables: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      if (file === 'rules/kinds/names.ts') continue;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      // A kind's name as a whole string literal: two may be a coincidence (a params field labelled
      // 限险种), three or more is a table of names.
      const named = names.filter(({ words }) => words.some((w) => text.includes(`'${w}'`) || text.includes(`"${w}"`) || text.includes(`\`${w}\``)));
      const keyed = RULE_KINDS.filter((kind) => text.includes(`'kind.${kind}'`));
      if (named.length >= 3 || keyed.length >= 3) tables.push(`${file}: ${[...named.map((n) => n.kind), ...keyed].join(', ')}`);
    }
    expect(tables).toEqual([]);
  });
});
