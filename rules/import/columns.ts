/**
 * Finds a batch sheet's columns by what their headers mean, not by position: each batch words its
 * headers differently (药品通用名 / 项目名称, 国标代码 / 药品代码 / 项目编码 / 项目代码 …).
 */

export type ColumnRole =
  | 'name'
  | 'text'
  | 'restrictionType'
  | 'restrictionValue'
  | 'code'
  | 'serial'
  | 'mainName'
  | 'mainCode'
  | 'secondaryName'
  | 'secondaryCode'
  | 'scope'
  | 'limitCount'
  | 'limitUnit'
  | 'maxCount'
  | 'periodDays';

const SYNONYMS: Record<ColumnRole, readonly string[]> = {
  name: ['药品通用名', '通用名', '通用名称', '药品名称', '项目名称', '医疗服务项目名称', '名称', '品名'],
  text: ['药品说明', '项目说明', '说明', '备注', '限定支付范围', '限制说明', '限定说明', '规则说明', '知识点说明'],
  restrictionType: ['限定类型', '限制类型', '规则类型', '规则分类'],
  restrictionValue: ['限定对象', '限定值域', '限定内容', '限定条件', '限定值', '限制对象', '限制内容'],
  code: ['国标代码', '国家代码', '药品代码', '药品编码', '项目编码', '项目代码', '国家编码', '医保编码', '医保代码', '编码', '代码'],
  serial: ['序号', '编号'],
  mainName: ['主项名称'],
  mainCode: ['主项编码', '主项代码'],
  secondaryName: ['从项名称'],
  secondaryCode: ['从项编码', '从项代码'],
  scope: ['频度'],
  limitCount: ['限制数量', '限定数量'],
  limitUnit: ['数量单位', '计量单位', '单位'],
  maxCount: ['频次上限', '最大频次', '次数上限'],
  periodDays: ['疗程周期', '周期天数', '周期'],
};

/** Full-width brackets and letters to half-width, no spaces, no trailing colon or asterisk. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/[\s*:：]/g, '');
}

const LOOKUP = new Map<string, ColumnRole>();
for (const [role, names] of Object.entries(SYNONYMS) as [ColumnRole, readonly string[]][]) {
  for (const n of names) LOOKUP.set(normalizeHeader(n), role);
}

/**
 * Wordings no synonym lists, read by what they contain: "医保目录编码", "国家医保药品编码",
 * "药品代码(23位)", "医保药品名称", "医疗服务项目内涵". Tried only when no exact synonym matched,
 * and only for a role still free. Rule codes (规则编码, 知识点编码) name the rule, not the item.
 */
const LOOSE: readonly [RegExp, ColumnRole][] = [
  [/^(?!.*(规则|知识点|主项|从项|批次)).*(编码|代码)/, 'code'],
  [/^(?!.*(规则|知识点|主项|从项|批次|文件)).*(名称|通用名)/, 'name'],
  [/(说明|备注|内涵|支付范围)/, 'text'],
];

export interface Columns {
  /** Column index per recognised role (the first column wins when two share a role). */
  roles: Partial<Record<ColumnRole, number>>;
  /**
   * A value column headed by the restriction itself ("限定性别", "限定就医方式", "限定机构等级"):
   * its header tells the restriction when no 限定类型 column does.
   */
  valueHeader?: string;
  /** Headers no role claimed, for the report. */
  unknown: string[];
}

/** Maps one header row to column roles. */
export function findColumns(header: readonly string[]): Columns {
  const roles: Partial<Record<ColumnRole, number>> = {};
  const unknown: string[] = [];
  let valueHeader: string | undefined;
  header.forEach((raw, index) => {
    const h = normalizeHeader(raw);
    if (!h) return;
    const role = LOOKUP.get(h);
    if (role) {
      if (roles[role] === undefined) roles[role] = index;
      return;
    }
    // Any other "限定…"/"限制…" header holds the restriction value and names the restriction.
    if (/^(限定|限制)/.test(h) && roles.restrictionValue === undefined) {
      roles.restrictionValue = index;
      valueHeader = h;
      return;
    }
    const loose = LOOSE.find(([pattern, r]) => pattern.test(h) && roles[r] === undefined)?.[1];
    if (loose) {
      roles[loose] = index;
      return;
    }
    unknown.push(raw.trim());
  });
  return valueHeader ? { roles, valueHeader, unknown } : { roles, unknown };
}

/** A header row names something to identify (a name or a code) and at least one other column. */
export function isHeaderRow(columns: Columns): boolean {
  const r = columns.roles;
  const identifies = r.name !== undefined || r.code !== undefined || r.mainCode !== undefined;
  return identifies && Object.keys(r).length >= 2;
}

/** The first header row among the first `lookAhead` rows (titles may sit above the table). */
export function locateHeader<T extends { cells: readonly string[] }>(rows: readonly T[], lookAhead = 10): { index: number; columns: Columns } | undefined {
  for (let i = 0; i < Math.min(lookAhead, rows.length); i++) {
    const columns = findColumns(rows[i]!.cells);
    if (isHeaderRow(columns)) return { index: i, columns };
  }
  return undefined;
}

/** The trimmed text of a row's cell in a role's column ('' when the column or cell is absent). */
export function cellOf(cells: readonly string[], columns: Columns, role: ColumnRole): string {
  const index = columns.roles[role];
  return index === undefined ? '' : (cells[index] ?? '').trim();
}
