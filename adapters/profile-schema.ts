import { z } from 'zod';
import { LineKindSchema } from '../contract/order';
import { parseMatchPattern } from './match';

/**
 * Site profiles: declarative descriptions of where an EMR page shows the patient, the diagnoses
 * and the order rows, so a new HIS needs a JSON file rather than code. The content script picks a
 * profile by URL, and the adapter (extract.ts) reads the page through it into the canonical order.
 *
 * A field is found by a locator and then turned into a value by a chain of transforms:
 *   { "label": "年龄", "within": "#banner", "transform": ["age"] }
 *   { "column": "总量", "transform": ["number"] }
 */

export const PROFILE_VERSION = 1;

const Css = z.string().min(1, 'expected a CSS selector');
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * How an element becomes text: `auto` takes a form control's value (a checkbox's checked state as
 * "true"/"false"; inside a cell, the cell's single control) and otherwise the element's text;
 * `option-text` takes the visible text of a select's chosen option.
 */
export const ReadModeSchema = z.enum(['auto', 'text', 'value', 'option-text', 'checked']);

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

export const TransformSchema = z.union([TransformNameSchema, MapTransformSchema]);

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

export const PageFieldSchema = z.union([CssLocatorSchema, LabelLocatorSchema, ValueLocatorSchema]);
export const RowFieldSchema = z.union([
  CssLocatorSchema,
  LabelLocatorSchema,
  ColumnLocatorSchema,
  AttrLocatorSchema,
  ValueLocatorSchema,
]);

export const PatientFieldsSchema = z.strictObject({
  /** Source of the pseudonymous patient key (门诊号/住院号); it is hashed, never passed on as read. */
  key: PageFieldSchema.optional(),
  sex: PageFieldSchema.optional(),
  age: PageFieldSchema.optional(),
  birthDate: PageFieldSchema.optional(),
  weightKg: PageFieldSchema.optional(),
});

export const EncounterFieldsSchema = z.strictObject({
  visitType: PageFieldSchema.optional(),
  date: PageFieldSchema.optional(),
  department: PageFieldSchema.optional(),
  insuranceType: PageFieldSchema.optional(),
  institutionLevel: PageFieldSchema.optional(),
  internet: PageFieldSchema.optional(),
  longTermPrescription: PageFieldSchema.optional(),
});

export const PrescriberFieldsSchema = z.strictObject({
  id: PageFieldSchema,
  title: PageFieldSchema.optional(),
});

export const DiagnosesSchema = z.strictObject({
  /** Each match is one diagnosis; fields below are read inside it. */
  rows: Css,
  within: Css.optional(),
  code: RowFieldSchema,
  name: RowFieldSchema.optional(),
  /** Absent: the first diagnosis is the primary one. */
  primary: RowFieldSchema.optional(),
});

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

export const OrderTableSchema = z.strictObject({
  /** The container the content script observes; everything below is looked up inside it. */
  table: Css,
  /** Order rows, inside `table`. */
  rows: Css,
  /** The header row whose cell texts name the columns, inside `table`; needed by `column` locators. */
  headerRow: Css.optional(),
  /** A stable id per row (an attribute such as data-rowid or id); rows without one are numbered. */
  rowId: RowFieldSchema.optional(),
  /** The line kind when neither a kind field nor the code's shape tells it. */
  defaultKind: LineKindSchema.optional(),
  fields: LineFieldsSchema,
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
export const WRITABLE_FIELDS = ['days', 'quantity', 'selfPay'] as const;
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
    orders: OrderTableSchema,
    submit: SubmitSchema.default({ controls: [] }),
    writeBack: z.array(WritableFieldSchema).default([]),
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
export type Transform = z.infer<typeof TransformSchema>;
export type MapTransform = z.infer<typeof MapTransformSchema>;
export type PageField = z.infer<typeof PageFieldSchema>;
export type RowField = z.infer<typeof RowFieldSchema>;
export type FieldLocator = PageField | RowField;
export type OrderTable = z.infer<typeof OrderTableSchema>;
export type SiteProfile = z.infer<typeof SiteProfileSchema>;
export type SiteProfileInput = z.input<typeof SiteProfileSchema>;
