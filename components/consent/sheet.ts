import { z } from 'zod';

/**
 * 自费知情同意书: what the printable sheet shows. It is built in the EMR page from what the page
 * shows (patient name and number included, for the printout only), handed to the extension's
 * sheet page through the background's memory, and never stored: the flag log keeps its usual
 * fields (the 转自费 decisions), nothing of the sheet.
 */

const Text = z.string().trim().max(200);

export const ConsentItemSchema = z.object({
  name: Text,
  spec: Text.optional(),
  quantity: z.number().nonnegative().optional(),
  unit: z.string().max(20).optional(),
  price: z.number().nonnegative().optional(),
  amount: z.number().nonnegative().optional(),
  /** Why 医保 does not pay for it: the finding's message, or that the patient chose to pay. */
  reason: Text,
});

export const ConsentSheetSchema = z.object({
  hospital: Text.optional(),
  patient: z.object({
    name: Text.optional(),
    /** 门诊号/住院号 as the page shows it. */
    id: Text.optional(),
    sex: z.string().max(10).optional(),
    age: z.string().max(20).optional(),
  }),
  department: Text.optional(),
  /** yyyy-mm-dd. */
  date: z.string().max(20),
  items: z.array(ConsentItemSchema).min(1).max(200),
  total: z.number().nonnegative().optional(),
});

export type ConsentItem = z.infer<typeof ConsentItemSchema>;
export type ConsentSheet = z.infer<typeof ConsentSheetSchema>;

/** Content script → background: hold this sheet and open the sheet page for it. */
export const CONSENT_OPEN = 'preflight:consent-open';
/** Sheet page → background: the sheet for my token, once. */
export const CONSENT_TAKE = 'preflight:consent-take';

export const ConsentOpenMessageSchema = z.object({ type: z.literal(CONSENT_OPEN), sheet: ConsentSheetSchema });
export const ConsentTakeMessageSchema = z.object({ type: z.literal(CONSENT_TAKE), token: z.string().min(8).max(64) });

/** Amount of a line: price × quantity, in yuan, rounded to fen. */
export function lineAmount(price: number | undefined, quantity: number | undefined): number | undefined {
  if (price === undefined || quantity === undefined) return undefined;
  return Math.round(price * quantity * 100) / 100;
}

export function sheetTotal(items: readonly ConsentItem[]): number | undefined {
  if (items.some((i) => i.amount === undefined)) return undefined;
  return Math.round(items.reduce((sum, i) => sum + (i.amount ?? 0), 0) * 100) / 100;
}
