import { cleanText } from '../transforms';
import type { PickField } from './fields';
import { isHeaderRow } from './table-infer';

/**
 * A click on the label instead of the value ("诊断：", the <th> 性别 of a description table, a
 * <label>, a column header) is refused with a hint. Taken as it is, such a click becomes a locator
 * that reads the label's own text: the preview shows 性别 → ?, or a diagnosis named 诊断 — wrong in
 * plain sight, yet easy to save. Only page values, diagnoses, operations and order-row values are judged; a
 * table or a submit button may be clicked anywhere.
 */

export const LABEL_HINT = '请点击数值本身，而不是标签';

/** Elements that exist to name something else. */
const LABEL_TAGS = new Set(['LABEL', 'DT', 'TH', 'LEGEND', 'CAPTION']);

/** Class names of label cells and spans: el-form-item__label, el-descriptions-item__label, lbl, field-label. */
const LABEL_CLASS = /(?:^|[-_])(?:label|lbl)$/i;

/**
 * The words HIS screens print before patient and visit values. A value is never one of these
 * (a department is 心血管内科, not 科室), so an element reading exactly one is the label.
 */
const LABEL_WORDS = new Set([
  '姓名', '性别', '年龄', '出生日期', '床号', '病区', '费别', '医保类型', '医保类别', '参保类型', '险种', '就诊类型', '就诊方式',
  '科室', '科别', '就诊科室', '门诊号', '住院号', '就诊卡号', '卡号', '病历号', '患者编号', '日期', '就诊日期', '入院日期',
  '医生', '医师', '主管医生', '工号', '医生工号', '医师编号', '职称', '处方号', '单据号', '诊断', '入院诊断', '门诊诊断', '临床诊断',
  '手术', '手术操作', '手术名称', '手术日期', '手术编码', '操作编码', '妊娠哺乳', '妊娠状态',
  '门诊慢特病', '慢特病', '慢特病病种', '门特病种', '门慢门特',
]);

/** Labels are short; a longer text is a value or a container holding values. */
const MAX_LABEL = 20;

const CONTROL = 'input, select, textarea';

function labelText(el: Element): string {
  return cleanText(el.textContent ?? '');
}

function endsWithColon(text: string): boolean {
  return /[:：]$/.test(text);
}

/** Whether `el` reads as a label on the page (not as a value, nor a container holding values). */
export function looksLikeLabel(el: Element): boolean {
  // A label wrapping its control (<label>男 <input type=radio checked></label>) holds the value.
  if (el.matches(CONTROL) || el.querySelector(CONTROL)) return false;
  const text = labelText(el);
  if (text === '' || text.length > MAX_LABEL) return false;
  if (LABEL_TAGS.has(el.tagName.toUpperCase())) return true;
  if (endsWithColon(text)) return true;
  if (Array.from(el.classList).some((c) => LABEL_CLASS.test(c))) return true;
  return LABEL_WORDS.has(text.replace(/[:：\s]+$/, ''));
}

/** A column header: a cell of a header row, or an element inside one. */
function inHeader(el: Element): boolean {
  const cell = el.closest('th, td, [role="columnheader"]');
  if (!cell) return false;
  if (cell.getAttribute('role') === 'columnheader') return true;
  const row = cell.parentElement;
  return row !== null && isHeaderRow(row);
}

/** The hint when `el` is a label rather than the value `field` wants; null when the click may stand. */
export function labelRefusal(field: PickField, el: Element): string | null {
  switch (field.kind) {
    case 'page':
    case 'diagnosis':
    case 'operation':
      return looksLikeLabel(el) ? LABEL_HINT : null;
    case 'column':
      return inHeader(el) ? `${LABEL_HINT}：这是表头，请点击它下面医嘱行中的单元格` : null;
    default:
      return null;
  }
}
