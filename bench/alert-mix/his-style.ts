import type { Random } from '../prng';
import { allDrugs } from './catalogue';
import type { LineInput } from './lines';

/**
 * How the HIS page writes a line: 门诊 systems often show 频次 in Chinese (每日两次) or upper case
 * (BID), and doctors often give the dose in tablets (1片) rather than milligrams. The mix varies
 * this per order so the parsers meet what real pages send; the quantities do not change.
 */

const CHINESE: Readonly<Record<string, string>> = {
  st: '立即',
  qd: '每日一次',
  qn: '每晚一次',
  bid: '每日两次',
  q12h: '每12小时一次',
  tid: '每日三次',
  q8h: '每8小时一次',
  qid: '每日四次',
  qod: '隔日一次',
  q72h: '每3天一次',
  biw: '每周两次',
  tiw: '每周三次',
  qw: '每周一次',
};

export interface HisStyle {
  frequency: 'code' | 'upper' | 'chinese';
  doseInUnits: boolean;
}

export function pickStyle(rnd: Random): HisStyle {
  const roll = rnd.next();
  return { frequency: roll < 0.4 ? 'code' : roll < 0.6 ? 'upper' : 'chinese', doseInUnits: rnd.chance(0.3) };
}

const EPS = 1e-9;

export function inStyle(line: LineInput, style: HisStyle): LineInput {
  if (line.kind !== 'drug' || !line.frequency) return line;
  const styled: LineInput = { ...line };
  if (style.frequency === 'upper') styled.frequency = line.frequency.toUpperCase();
  else if (style.frequency === 'chinese') styled.frequency = CHINESE[line.frequency] ?? line.frequency;
  const template = allDrugs().find((d) => d.code === line.code);
  if (style.doseInUnits && template && line.dose !== undefined && template.doseUnit !== template.form) {
    // Only whole tablets or ampoules: "1.5片" is written, but in mg.
    const units = line.dose / template.strength;
    if (Math.abs(units - Math.round(units)) < EPS) {
      styled.dose = Math.round(units);
      styled.doseUnit = template.form;
    }
  }
  return styled;
}
