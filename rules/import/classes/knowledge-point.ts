import { z } from 'zod';
import { IsoDateSchema } from '../../pack/rule-base';

/**
 * One knowledge point as published: a rule class applied to one item (a drug, an item, a pair of
 * items, one operation of a 手术组), whatever layout it came in. Plain data, so points can be
 * kept between imports: a later publication of the same point replaces it whole (./ledger.ts).
 */
export const KnowledgePointSchema = z.object({
  /** 2025 rule-list number of the class (rule-classes.ts). */
  classSeq: z.number().int().positive(),
  /** The class as the file named it (rule_class, title or 限定类型), for the report. */
  classLabel: z.string(),
  /** 通用名 / 项目名称, or "A×B" for a pair. */
  name: z.string(),
  /** The published text of the row (限定支付范围, 说明, 备注 …), kept verbatim. */
  text: z.string().default(''),
  /** 检测逻辑 as published. */
  detectLogic: z.string().default(''),
  /** A 限定对象 / 限定值域 / 限定性别 cell, when the layout has one. */
  value: z.string().optional(),
  /** Counts and periods some layouts give in columns of their own. */
  limitCount: z.string().optional(),
  limitUnit: z.string().optional(),
  maxCount: z.string().optional(),
  periodDays: z.string().optional(),
  /** 重复收费: 主项 and 从项 codes, and the 频度 (单日 …). */
  mainCode: z.string().optional(),
  secondaryCode: z.string().optional(),
  scope: z.string().optional(),
  /** National codes of the item (drugs 20/23 characters, items 15 digits). */
  codes: z.array(z.string()),
  /** Publication date (YYYY-MM-DD), when the file states one. */
  publishedAt: IsoDateSchema.optional(),
  /** 第N批 label and id slug; an update publication has none. */
  batch: z.object({ label: z.string(), slug: z.string() }).optional(),
  gzCode: z.string().optional(),
  /** The file and row it came from, as published (attachment name and row when the layout gives them). */
  file: z.string(),
  row: z.number().int(),
  /** The file actually read and its row, for the import report. */
  readFile: z.string(),
  readRow: z.number().int(),
});

export type KnowledgePoint = z.infer<typeof KnowledgePointSchema>;
export type KnowledgePointInput = z.input<typeof KnowledgePointSchema>;

/** Names are compared without spaces and with half-width brackets (same as the code-sheet join). */
export function itemKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/** Where a point was read, for report lines: file, row, and its batch or publication date. */
export function pointPlace(p: KnowledgePoint): string {
  const when = p.batch?.label ?? (p.publishedAt ? `${p.publishedAt} 发布` : '');
  return `${p.readFile} 第${p.readRow}行${when ? `（${when}）` : ''}`;
}
