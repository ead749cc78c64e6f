import type { Finding } from '../../../contract/findings';
import type { OrderLine, VisitType } from '../../../contract/order';
import { administrationsOver } from '../../parse/frequency';
import { parseSpec, type Spec } from '../../parse/spec';
import { ceilTolerant, dispensingUnitsPer, formatNumber, isPackageUnit, unitInfo } from '../../parse/units';
import { lineLabel, makeFinding } from '../finding';
import type { DataGaps } from './gaps';
import { convertForLine, neededDays, neededDose, neededFrequency, neededQuantity, neededUnit } from './line-data';
import type { QuantityRule } from './params';

const EPSILON = 1e-9;

/**
 * One package in the line's unit: the slack a pharmacy needs because it hands out whole packages.
 * A line counted in packages (盒, 瓶, 板) has a slack of one; a line counted in 粒 or 片 has the
 * package size when the 规格 states it; a line counted in g or ml has one package's content.
 */
function packageSlack(lineUnit: string, spec: Spec | undefined): number {
  const info = unitInfo(lineUnit);
  if (!info) return 0;
  if (info.dimension === 'count') {
    if (isPackageUnit(lineUnit) && spec?.dispensingUnit !== info.symbol) return 1;
    return spec?.unitsPerPackage ?? 1;
  }
  if (!spec) return 0;
  const per = dispensingUnitsPer(lineUnit, spec);
  return per.ok ? (spec.unitsPerPackage ?? 1) / per.value : 0;
}

/** A fact the check needs is missing: noted as a data gap, nothing flagged. Not a closure: this runs per line. */
function unverified(gaps: DataGaps, missing: { gap: string; detail?: string }): Finding[] {
  gaps.add(missing.gap, '总量', missing.detail);
  return [];
}

/**
 * Dispensed quantity against what the days need: dose (in the line's unit, via the 规格) ×
 * administrations over the days. A whole package or more left over is reported; less than a
 * package is the rounding a pharmacy cannot avoid.
 */
export function checkDispensed(rule: QuantityRule, line: OrderLine, gaps: DataGaps, visitType?: VisitType): Finding[] {
  if (!rule.params.checkDispensed) return [];
  // An inpatient 长期医嘱 runs until it is stopped: without days it has no total to compare, and
  // asking the doctor for days on every such line would only be noise.
  if (visitType === 'inpatient' && line.days === undefined) return [];
  const frequency = neededFrequency(line);
  if (!frequency.ok) return unverified(gaps, frequency);
  // prn (必要时) and st (即时) say nothing about how many doses the days hold, so there is no
  // need to compare with; reporting a data gap on every such line would only be noise.
  if (frequency.value.asNeeded) return [];
  const days = neededDays(line);
  if (!days.ok) return unverified(gaps, days);
  const quantity = neededQuantity(line);
  if (!quantity.ok) return unverified(gaps, quantity);
  const unit = neededUnit(line);
  if (!unit.ok) return unverified(gaps, unit);
  const dose = neededDose(line);
  if (!dose.ok) return unverified(gaps, dose);
  const perAdministration = convertForLine(line, dose.value.dose, dose.value.unit, unit.value);
  if (!perAdministration.ok) return unverified(gaps, perAdministration);

  const need = perAdministration.value * administrationsOver(frequency.value, days.value);
  const parsedSpec = line.spec ? parseSpec(line.spec) : undefined;
  const slack = packageSlack(unit.value, parsedSpec?.ok ? parsedSpec.value : undefined);
  const excess = quantity.value - need;
  if (excess <= EPSILON || (slack > 0 && excess < slack - EPSILON)) return [];

  const u = unit.value;
  const needed = unitInfo(u)?.dimension === 'count' ? ceilTolerant(need) : Math.ceil(need * 1000 - EPSILON) / 1000;
  const amount = line.price !== undefined ? Math.round(line.price * (quantity.value - needed) * 100) / 100 : undefined;
  return [
    makeFinding(rule, line, {
      message:
        `${lineLabel(line)} 总量超出 ${days.value} 天用量：按 ${formatNumber(dose.value.dose)}${dose.value.unit} ${frequency.value.text} ` +
        `需 ${formatNumber(needed)}${u}，开具 ${formatNumber(quantity.value)}${u}，超出部分医保不予支付`,
      actions: [{ type: 'set-quantity', value: needed, label: `数量改为 ${formatNumber(needed)}${u}` }],
      ...(amount !== undefined ? { amountAtRisk: amount } : {}),
    }),
  ];
}
