import { z } from 'zod';
import { LineKindSchema } from '../contract/order';
import { parseMatchPattern } from './match';
import { checkPattern } from './composite/pattern-check';

/**
 * Site profiles: declarative descriptions of where an EMR page shows the patient, the diagnoses
 * and the order rows, so a new HIS needs a JSON file rather than code. The content script picks a
 * profile by URL, and the adapter (extract.ts) reads the page through it into the canonical order.
 *
 * A field is found by a locator and then turned into a value by a chain of transforms, as in
 * { "label": "年龄", "within": "#banner", "transform": ["age"] } or { "column": "总量", "transform": ["number"] }.
 */

export const PROFILE_VERSION = 1;

const Css = z.string().min(1, 'expected a CSS selector');
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * How an element becomes text: `auto` takes a form control's value (a checkbox's checked state as
 * "true"/"false"; inside a cell, the cell's single control) and otherwise the element's text;
 * `option-text` takes the visible text of a select's chosen option; `own-text` only the text
 * directly inside the element, not that of its children (a tag's "×" button, a badge).
 */
export const ReadModeSchema = z.enum(['auto', 'text', 'value', 'option-text', 'checked', 'own-text']);

export const TRANSFORM_NAMES = [
  'trim',
  'number',
  'days',
  'unit',
  'age',
  'age-years',
  'sex',
  'date',
  'flag',
  'line-kind',
  'upper',
] as const;
export const TransformNameSchema = z.enum(TRANSFORM_NAMES);

/** A lookup table: the page's wording on the left, the contract's value on the right. */
export const MapTransformSchema = z.strictObject({
  map: z.record(z.string(), Scalar),
  /** Used for values missing from the table; without it such a value is a problem. */
  default: Scalar.optional(),
});

const Separators = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Drops a leading label and its colon ("诊断：", "性别/年龄："); text without it stays as it is. */
export const StripTransformSchema = z.strictObject({ strip: Separators });

/**
 * A named-group pattern ("(?<name>.+?)\\((?<code>[A-Z]\\d{2}[^)]*)\\)"): the groups as the value, or
 * one of them with `group`. Only patterns that match in bounded time load (composite/pattern-check.ts).
 */
export const PatternTransformSchema = z
  .strictObject({ pattern: z.string(), group: z.string().min(1).optional() })
  .superRefine((step, ctx) => {
    const checked = checkPattern(step.pattern);
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `模式「${step.pattern}」不能使用：${checked.detail}` });
    } else if (step.group !== undefined && !checked.value.names.includes(step.group)) {
      ctx.addIssue({ code: 'custom', path: ['group'], message: `模式中没有名为 ${step.group} 的分组` });
    }
  });

/** Part N (from 1) of a split, or a pattern group by name. */
export const PickTransformSchema = z.strictObject({ pick: z.union([z.number().int().min(1), z.string().min(1)]) });

/** One text in parts at any of the separators; `each` runs on every part. */
export interface SplitTransform {
  split: string | string[];
  each?: Transform[];
}

export type Transform =
  | z.infer<typeof TransformNameSchema>
  | z.infer<typeof MapTransformSchema>
  | z.infer<typeof StripTransformSchema>
  | z.infer<typeof PatternTransformSchema>
  | z.infer<typeof PickTransformSchema>
  | SplitTransform;

export const SplitTransformSchema: z.ZodType<SplitTransform> = z.strictObject({
  split: Separators,
  get each() {
    return z.array(TransformSchema).optional();
  },
});

export const TransformSchema: z.ZodType<Transform> = z.union([
  TransformNameSchema,
  MapTransformSchema,
  StripTransformSchema,
  PatternTransformSchema,
  PickTransformSchema,
  SplitTransformSchema,
]);

const fieldOptions = {
  /** Read this attribute of the located element instead of its text or value. */
  attr: z.string().min(1).optional(),
  read: ReadModeSchema.optional(),
  transform: z.array(TransformSchema).optional(),
};

const Names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The first element matching `css` inside the context (the document, or the row for line fields). */
export const CssLocatorSchema = z.strictObject({ css: Css, ...fieldOptions });

/**
 * The value next to a label: "the cell after 年龄", "the <dd> after <dt>Gender", the control a
 * <label for> names, or the rest of "科室：心血管内科". Labels match ignoring spaces and a trailing colon.
 */
export const LabelLocatorSchema = z.strictObject({ label: Names, within: Css.optional(), ...fieldOptions });

/** The row's cell under the header with this text (`nth` picks among equal headers, from 1). */
export const ColumnLocatorSchema = z.strictObject({
  column: Names,
  nth: z.number().int().min(1).optional(),
  /** An element inside the cell (e.g. ".el-input-group__append"). */
  css: Css.optional(),
  ...fieldOptions,
});

/**
 * The context element itself (the row, or a diagnosis tag matched by `diagnoses.rows`), read like
 * any located element: its text, control value or `attr`.
 */
export const SelfLocatorSchema = z.strictObject({ self: z.literal(true), ...fieldOptions });

/** An attribute of the context element itself (the row, for line fields). */
export const AttrLocatorSchema = z.strictObject({
  attr: z.string().min(1),
  transform: z.array(TransformSchema).optional(),
});

/** A fixed value, for facts the page does not show (an inpatient screen is always 住院). */
export const ValueLocatorSchema = z.strictObject({
  value: Scalar,
  transform: z.array(TransformSchema).optional(),
});

/**
 * Another frame of the same tab, by a glob on its URL path as in match.paths ("/his/patient-bar.jsp"):
 * HIS shells often show the patient and the diagnoses in one frame and the order grid in another.
 * The frame's URL must be one match.urls takes in; the content script there reads the field and
 * the one in the order frame receives it (frame-reads.ts). Absent: the order table's frame.
 */
export const FrameGlobSchema = z.string().startsWith('/', 'expected a path glob such as "/his/patient.html"');
const inFrame = { frame: FrameGlobSchema.optional() };

export const PageFieldSchema = z.union([CssLocatorSchema.extend(inFrame), LabelLocatorSchema.extend(inFrame), ValueLocatorSchema]);
export const RowFieldSchema = z.union([
  CssLocatorSchema,
  LabelLocatorSchema,
  ColumnLocatorSchema,
  AttrLocatorSchema,
  SelfLocatorSchema,
  ValueLocatorSchema,
]);

export const PatientFieldsSchema = z.strictObject({
  /** Source of the pseudonymous patient key (门诊号/住院号); it is hashed, never passed on as read. */
  key: PageFieldSchema.optional(),
  sex: PageFieldSchema.optional(),
  age: PageFieldSchema.optional(),
  birthDate: PageFieldSchema.optional(),
  weightKg: PageFieldSchema.optional(),
  /** 妊娠/哺乳: 妊娠期, 孕N周 / 哺乳期 / 无, 否, 非妊娠期 are read without a map (transforms.ts parseMaternity). */
  maternity: PageFieldSchema.optional(),
});

export const EncounterFieldsSchema = z.strictObject({
  visitType: PageFieldSchema.optional(),
  date: PageFieldSchema.optional(),
  department: PageFieldSchema.optional(),
  insuranceType: PageFieldSchema.optional(),
  institutionLevel: PageFieldSchema.optional(),
  internet: PageFieldSchema.optional(),
  longTermPrescription: PageFieldSchema.optional(),
  chronicDiseases: PageFieldSchema.optional(), // 门诊慢特病病种: 高血压病(M03900)；糖尿病 — read without a map
});

export const PrescriberFieldsSchema = z.strictObject({
  id: PageFieldSchema,
  title: PageFieldSchema.optional(),
  /** 抗菌药物处方权 as the page shows it: 非限制使用级 / 限制使用级 / 特殊使用级 / 无 are read without a map. */
  antibioticLevel: PageFieldSchema.optional(),
  /** 麻精处方权: 有/无, 是/否 (the `flag` words). */
  narcoticPrivilege: PageFieldSchema.optional(),
});

/**
 * Diagnoses as rows (one element per diagnosis, `code`/`name`/`primary` read inside each) or as one
 * `list`: a field whose transforms give the parts of one text, each a pattern's groups `code` and
 * `name` (or the code itself), e.g. "诊断：前列腺癌(C61.x00)；高血压(I10.x00x002)".
 */
export const DiagnosesSchema = z
  .strictObject({
    /** Each match is one diagnosis; fields below are read inside it. */
    rows: Css.optional(),
    within: Css.optional(),
    code: RowFieldSchema.optional(),
    name: RowFieldSchema.optional(),
    /** Absent: the first diagnosis is the primary one. */
    primary: RowFieldSchema.optional(),
    /** All diagnoses from one element, read inside `within` (or the page); the first is the primary one. */
    list: RowFieldSchema.optional(),
    /** The frame the diagnoses are shown in, when not the order table's (see FrameGlobSchema). */
    frame: FrameGlobSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.list) {
      for (const key of ['rows', 'code', 'name', 'primary'] as const) {
        if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `diagnoses.list reads every diagnosis; drop ${key}` });
      }
      return;
    }
    if (!spec.rows) ctx.addIssue({ code: 'custom', path: ['rows'], message: 'diagnoses need rows (with code) or list' });
    if (!spec.code) ctx.addIssue({ code: 'custom', path: ['code'], message: 'diagnoses need code (with rows) or list' });
  });

/** 手术操作 (ICD-9-CM-3) rows, read like diagnoses rows (first one primary); absent: nothing known; `within` missing: unread. */
export const OperationsSchema = z.strictObject({ rows: Css, within: Css.optional(), code: RowFieldSchema, name: RowFieldSchema.optional(), date: RowFieldSchema.optional(), primary: RowFieldSchema.optional() });

export const LINE_FIELDS = [
  'code',
  'name',
  'kind',
  'spec',
  'dose',
  'doseUnit',
  'frequency',
  'days',
  'quantity',
  'unit',
  'route',
  'selfPay',
  'group',
  'price',
  'approvalNo',
  'date',
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

export const LineFieldsSchema = z.strictObject({
  code: RowFieldSchema,
  name: RowFieldSchema.optional(),
  kind: RowFieldSchema.optional(),
  spec: RowFieldSchema.optional(),
  dose: RowFieldSchema.optional(),
  doseUnit: RowFieldSchema.optional(),
  frequency: RowFieldSchema.optional(),
  days: RowFieldSchema.optional(),
  quantity: RowFieldSchema.optional(),
  unit: RowFieldSchema.optional(),
  route: RowFieldSchema.optional(),
  selfPay: RowFieldSchema.optional(),
  group: RowFieldSchema.optional(),
  price: RowFieldSchema.optional(),
  approvalNo: RowFieldSchema.optional(),
  date: RowFieldSchema.optional(),
});

/** Events a one-click fix sends after writing into a cell editor, in this order. */
export const COMMIT_EVENTS = ['input', 'change', 'enter', 'blur'] as const;

/**
 * Grids whose cells show text and turn into an editor only when clicked (jqGrid cell editing, many
 * older HIS grids): a one-click fix opens the editor as the doctor would, writes, and commits with
 * the events such grids save on. Cells that already hold a control are written directly.
 */
export const CellEditorSchema = z.strictObject({
  open: z.enum(['click', 'dblclick']).default('click'),
  /** The editor that appears: looked for inside the cell, then inside the table (default: a visible input, select or textarea). */
  editor: Css.optional(),
  commit: z.array(z.enum(COMMIT_EVENTS)).min(1).default([...COMMIT_EVENTS]),
  /** How long to wait for the editor to appear. */
  waitMs: z.number().int().min(50).max(3000).default(1000),
});

export const OrderTableSchema = z.strictObject({
  /** The container the content script observes; everything below is looked up inside it. */
  table: Css,
  /** Order rows, inside `table`. */
  rows: Css,
  /** The header row whose cell texts name the columns, inside `table`; needed by `column` locators. */
  headerRow: Css.optional(),
  /**
   * A frozen header kept in a table of its own beside the rows' table (jqGrid's .ui-jqgrid-htable
   * and .ui-jqgrid-btable), looked up in the page: `headerRow` is then found inside it, and `table`
   * can be the rows' own table — not a wrapper of both, which may be the whole page and would make
   * every change anywhere re-read the order. Its columns must line up with the rows' cells.
   */
  headerTable: Css.optional(),
  /** A stable id per row (an attribute such as data-rowid or id); rows without one get `rowKey` or are numbered. */
  rowId: RowFieldSchema.optional(),
  /**
   * For rows without an id (SPA grids that redraw rows on every change): the line fields whose values
   * make the row's key, e.g. ["code", "name", "group"] (row-key.ts). Unlike a position it survives
   * rows redrawn, deleted above or sorted; equal keys are told apart by their order. Fields the
   * profile does not locate add nothing; a row with none of them is numbered by position.
   */
  rowKey: z.array(z.enum(LINE_FIELDS)).min(1).optional(),
  /** The line kind when neither a kind field nor the code's shape tells it. */
  defaultKind: LineKindSchema.optional(),
  fields: LineFieldsSchema,
  /** Cells edited by clicking them (see CellEditorSchema); absent: a cell without a control cannot be written. */
  cellEditor: CellEditorSchema.optional(),
});

export const SubmitKeySchema = z.strictObject({
  key: z.string().min(1),
  ctrl: z.boolean().optional(),
  alt: z.boolean().optional(),
  shift: z.boolean().optional(),
  /** Only when typed inside an element matching this selector. */
  within: Css.optional(),
});

export const SubmitSchema = z.strictObject({
  /** Buttons and links that send the order (提交处方, 保存医嘱, Sign order). */
  controls: z.array(Css).default([]),
  /** Forms whose submit event sends the order. */
  forms: z.array(Css).optional(),
  keys: z.array(SubmitKeySchema).optional(),
});

/** Line fields a one-click fix may write back into the page. */
export const WRITABLE_FIELDS = ['days', 'quantity', 'selfPay', 'dose'] as const;
export const WritableFieldSchema = z.enum(WRITABLE_FIELDS);
export type WritableField = z.infer<typeof WritableFieldSchema>;

export const MatchSchema = z.strictObject({
  /** WebExtension match patterns ("http://127.0.0.1/*"); a pattern without a port matches any port. */
  urls: z.array(z.string().min(1)).min(1),
  /** Globs on the URL path ("/outpatient.html", "/his/*"): at least one must match when given. */
  paths: z.array(z.string().min(1)).optional(),
  /** A selector that must exist in the page, to tell apart screens that share a URL. */
  detect: Css.optional(),
});

const ProfileId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and hyphens');

export const SiteProfileSchema = z
  .strictObject({
    profileVersion: z.literal(PROFILE_VERSION),
    id: ProfileId,
    name: z.string().min(1),
    description: z.string().optional(),
    match: MatchSchema,
    /** Whether the profile applies inside iframes (the order screen is often a frame of a shell). */
    frames: z.boolean().default(false),
    orderId: PageFieldSchema.optional(),
    patient: PatientFieldsSchema.default({}),
    encounter: EncounterFieldsSchema.default({}),
    prescriber: PrescriberFieldsSchema.optional(),
    diagnoses: DiagnosesSchema.optional(),
    operations: OperationsSchema.optional(),
    orders: OrderTableSchema,
    submit: SubmitSchema.default({ controls: [] }),
    writeBack: z.array(WritableFieldSchema).default([]),
    /**
     * How flagged rows are marked: `auto` (default) puts a marker in the gutter beside the row and
     * outlines the row when the table leaves no gutter; `outline` always outlines, for grids whose
     * gutter holds something else. Either way no marker covers a cell.
     */
    markers: z.enum(['auto', 'outline']).optional(),
  })
  .superRefine((profile, ctx) => {
    profile.match.urls.forEach((pattern, i) => {
      const parsed = parseMatchPattern(pattern);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['match', 'urls', i], message: parsed.detail });
    });
    const usesColumns = Object.values(profile.orders.fields).some((f) => f !== undefined && 'column' in f);
    if (usesColumns && !profile.orders.headerRow) {
      ctx.addIssue({ code: 'custom', path: ['orders', 'headerRow'], message: 'column locators need orders.headerRow' });
    }
    profile.writeBack.forEach((field, i) => {
      if (!profile.orders.fields[field]) {
        ctx.addIssue({ code: 'custom', path: ['writeBack', i], message: `writeBack names ${field}, which orders.fields does not locate` });
      }
    });
  });

export type ReadMode = z.infer<typeof ReadModeSchema>;
export type MapTransform = z.infer<typeof MapTransformSchema>;
export type PageField = z.infer<typeof PageFieldSchema>;
export type RowField = z.infer<typeof RowFieldSchema>;
export type FieldLocator = PageField | RowField;
export type OrderTable = z.infer<typeof OrderTableSchema>;
export type CellEditor = z.infer<typeof CellEditorSchema>;
export type CommitEvent = (typeof COMMIT_EVENTS)[number];
export type SiteProfile = z.infer<typeof SiteProfileSchema>;
export type SiteProfileInput = z.input<typeof SiteProfileSchema>;
