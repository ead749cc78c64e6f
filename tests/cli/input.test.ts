import { describe, expect, it } from 'vitest';
import { parseCheckInput } from '../../cli/input';
import { request3101 } from '../unit/interop/fixtures';

// 阿帕他胺片 — 两库 第一批 药品规则库(限定性别对象).
const order = (id: string, code = 'XL02BBA326A001010102180') => ({
  id,
  patient: { key: 'p-1', sex: 'F', ageYears: 60 },
  encounter: { date: '2026-11-22', visitType: 'outpatient' },
  lines: [{ id: '1', code, name: '阿帕他胺片', quantity: 1 }],
});
const errorsOf = (text: string): string[] => {
  const parsed = parseCheckInput(text);
  return parsed.ok ? [] : parsed.errors;
};
const idsOf = (text: string): string[] => {
  const parsed = parseCheckInput(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.input.orders.map((o) => o.id);
};

describe('check input', () => {
  it('reads one order, an array and NDJSON (with blank lines and CRLF)', () => {
    expect(idsOf(JSON.stringify(order('a'), null, 2))).toEqual(['a']);
    expect(idsOf(JSON.stringify([order('a'), order('b')]))).toEqual(['a', 'b']);
    expect(idsOf(`${JSON.stringify(order('a'))}\r\n\r\n${JSON.stringify(order('b'))}\r\n`)).toEqual(['a', 'b']);
  });

  it('converts a 3101 request, also as one NDJSON record among orders', () => {
    const wrapped = JSON.stringify(request3101());
    expect(idsOf(wrapped)).toEqual(['MD-OP-20261122-0101', 'MD-IP-20261118-0457', 'MD-IP-20261118-0457-dscg']);
    expect(idsOf(`${JSON.stringify(order('a'))}\n${wrapped}`)).toHaveLength(4);
  });

  it('names the bad field: plain path for one order, index for arrays, line number for NDJSON', () => {
    const bad = { ...order('b'), lines: [{ id: '1', code: '' }] };
    expect(errorsOf(JSON.stringify(bad))).toEqual([expect.stringMatching(/^lines\[0\]\.code: /)]);
    expect(errorsOf(JSON.stringify([order('a'), bad]))).toEqual([expect.stringMatching(/^\[1\]\.lines\[0\]\.code: /)]);
    expect(errorsOf(`${JSON.stringify(order('a'))}\n\n${JSON.stringify(bad)}`)).toEqual([expect.stringMatching(/^line 3: lines\[0\]\.code: /)]);
  });

  it('reports broken JSON as a whole document or by NDJSON line', () => {
    expect(errorsOf('{"id": "a",\n "lines": [')).toEqual([expect.stringMatching(/^not valid JSON: /)]);
    expect(errorsOf(`${JSON.stringify(order('a'))}\n{"id": `)).toEqual([expect.stringMatching(/^line 2: not valid JSON: /)]);
    expect(errorsOf('   \n')).toEqual(['input is empty']);
  });

  it('refuses values that are neither orders nor 3101 requests', () => {
    expect(errorsOf('42')).toEqual(['expected an order object or a 3101 request']);
    expect(errorsOf('[1]')).toEqual(['[0]: expected an order object or a 3101 request']);
  });

  it('caps a flood of errors', () => {
    const bad = JSON.stringify(Array.from({ length: 80 }, (_, i) => ({ id: `x${i}` })));
    const errors = errorsOf(bad);
    expect(errors).toHaveLength(51);
    expect(errors[50]).toMatch(/more errors$/);
  });
});
