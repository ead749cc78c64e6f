import type { z } from 'zod';
import type { ageKind } from '../../kinds/age';
import { matchesIn } from './matches';

/**
 * Age limits of a restriction clause: "2岁至11岁", "6岁及以上", "≥2 岁儿童", "成人(≥18周岁)",
 * "成人和12岁及以上青少年", "限儿童", "新生儿". Numbers and group words may be scattered across the
 * clause ("成人、青少年和≥2 岁儿童"), so all of them are collected before deciding.
 */
export type AgeParams = z.infer<typeof ageKind.params>;

export type AgeOutcome =
  | { kind: 'none' }
  /** The phrase names every age group (成人、儿童和青少年): no limit, nothing to check. */
  | { kind: 'all-ages' }
  | { kind: 'rule'; params: AgeParams }
  | { kind: 'unsupported'; fragment: string; reason: string };

export interface AgeReading {
  outcome: AgeOutcome;
  /** Where the age words were, to be cut out of the clause. */
  spans: [number, number][];
}

const YEARS = '(?:周)?岁';
const RANGE = new RegExp(`(\\d+)\\s*(?:${YEARS})?\\s*(?:-|~|～|—|至|到)\\s*(\\d+)\\s*${YEARS}`, 'g');
const AT_LEAST = new RegExp(`(?:(?:≥|>=|>|大于等于|不小于|满)\\s*(\\d+)\\s*${YEARS}(?:以上)?)|(?:(\\d+)\\s*${YEARS}(?:及|或)?(?:\\d+\\s*${YEARS})?以上)`, 'g');
const AT_MOST = new RegExp(`(?:(?:≤|<=|<|小于等于|不满|小于)\\s*(\\d+)\\s*${YEARS})|(?:(\\d+)\\s*${YEARS}(?:及|或)?以下)`, 'g');
const MONTHS = /\d+\s*(?:个)?月龄(?:及|或)?(?:以上|以下)?(?:\s*至\s*\d+\s*(?:周)?岁)?/g;
const WORDS = /新生儿|早产儿|儿童|小儿|患儿|青少年|成年人|成人|成年/g;

export function readAge(text: string): AgeReading {
  const spans: [number, number][] = [];
  const taken = (start: number, end: number) => spans.some(([s, e]) => start < e && end > s);
  const each = (re: RegExp, fn: (m: RegExpMatchArray) => void) => {
    for (const m of matchesIn(re, text)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      spans.push([start, end]);
      fn(m);
    }
  };

  let months: string | undefined;
  let min: number | undefined;
  let max: number | undefined;
  const groups = new Set<string>();
  each(MONTHS, (m) => (months = m[0]));
  each(RANGE, (m) => {
    min = Number(m[1]);
    max = Number(m[2]);
  });
  each(AT_LEAST, (m) => (min = Number(m[1] ?? m[2])));
  each(AT_MOST, (m) => (max = Number(m[1] ?? m[2])));
  each(WORDS, (m) => groups.add(groupOf(m[0])));

  if (months !== undefined) {
    // Completed months need the birth date and the age rule counts in years or days only.
    return { outcome: { kind: 'unsupported', fragment: months, reason: '月龄限制未转换为年龄规则，请核对' }, spans };
  }
  return { outcome: decide(groups, min, max), spans };
}

function groupOf(word: string): string {
  if (word === '新生儿' || word === '早产儿') return 'newborn';
  if (word === '成人' || word === '成年' || word === '成年人') return 'adult';
  if (word === '青少年') return 'adolescent';
  return 'child';
}

function decide(groups: Set<string>, min: number | undefined, max: number | undefined): AgeOutcome {
  const adult = groups.has('adult');
  const young = groups.has('child') || groups.has('adolescent');
  if (groups.has('newborn') && !adult && !young && min === undefined) return { kind: 'rule', params: { group: 'newborn' } };
  if (min !== undefined && max !== undefined) return { kind: 'rule', params: { group: 'range', minYears: min, maxYears: max } };
  if (adult && young) {
    // 成人和6岁及以上儿童: everyone from 6 up; 成人、儿童和青少年: everyone.
    return min !== undefined ? { kind: 'rule', params: { group: 'range', minYears: min } } : { kind: 'all-ages' };
  }
  if (adult) return { kind: 'rule', params: { group: 'adult' } };
  if (groups.has('child')) {
    return min !== undefined
      ? { kind: 'rule', params: { group: 'child', minYears: min } }
      : { kind: 'rule', params: { group: 'child' } };
  }
  if (min !== undefined) return { kind: 'rule', params: { group: 'range', minYears: min } };
  if (max !== undefined) return { kind: 'rule', params: { group: 'range', maxYears: max } };
  return { kind: 'none' };
}
