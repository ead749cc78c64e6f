import { describe, expect, it } from 'vitest';
import { overlayStyles } from '../../../components/styles';

/** Top-level selectors of the sheet, with @keyframes bodies left out. */
function selectors(css: string): string[] {
  const withoutKeyframes = css.replace(/@keyframes[^{]+\{(?:[^{}]*\{[^{}]*\})*\s*\}/g, '');
  const withoutComments = withoutKeyframes.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...withoutComments.matchAll(/([^{}]+)\{[^{}]*\}/g)].flatMap((m) => splitTopLevel(m[1]!));
}

/** Splits a selector list on commas outside parentheses (`:where(a, b)` stays whole). */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

describe('overlay styles', () => {
  it('uses px, never rem or em (rem would follow the EMR page font size)', () => {
    expect(overlayStyles).not.toMatch(/\d(rem|em)\b/);
    expect(overlayStyles).toMatch(/font-size: 13px/);
  });

  it('scopes every selector to a pf- class so nothing matches page elements', () => {
    const list = selectors(overlayStyles);
    expect(list.length).toBeGreaterThan(30);
    for (const selector of list) expect(selector, selector).toMatch(/^(\.pf-|:where\(\.pf-layer\))/);
  });

  it('uses the CJK system font stack, the severity colours and a high z-index', () => {
    expect(overlayStyles).toContain('"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif');
    for (const colour of ['#d93026', '#e8a000', '#8a5a00', '#1a73e8']) expect(overlayStyles).toContain(colour);
    const z = Number(/z-index: (\d+)/.exec(overlayStyles)?.[1]);
    expect(z).toBeGreaterThan(1_000_000);
  });
});
