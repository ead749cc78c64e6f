import { z } from 'zod';
import type { Diagnosis } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { compactIcd, IcdRangeSchema, inIcdRange } from '../indication/icd-code';

/**
 * The set of ICD-10 codes a diagnosis rule is about (诊断与患者性别/年龄不符): spans of categories
 * with the title they stand for, single codes (and their extensions), and codes taken out again.
 * Codes are compared compact (no dots, upper case), as the indication kind compares them.
 */
/** An inclusive range of categories or subcategories (C51–C58; C79.6–C79.6 for one). */
export const IcdSpanSchema = IcdRangeSchema.extend({
  /** The ICD title the range stands for (女性生殖器官恶性肿瘤), named in the finding. */
  title: z.string().optional(),
});

export const DiagnosisCodesSchema = z.object({
  icdRanges: z.array(IcdSpanSchema).default([]),
  /** Single codes, each covering itself and its extensions (A18.109 covers A18.109+N51.0*). */
  icdPrefixes: z.array(z.string().min(1)).default([]),
  /** Codes (and their extensions) inside a range or the list that the rule does not cover. */
  exceptCodes: z.array(z.string().min(1)).default([]),
});

export type DiagnosisCodes = z.infer<typeof DiagnosisCodesSchema>;

interface CompiledSpan {
  from: string;
  to: string;
  title: string | undefined;
  text: string;
}

interface Compiled {
  spans: CompiledSpan[];
  codes: Set<string>;
  /** Distinct lengths of `codes`, so a diagnosis needs one probe per length. */
  codeLengths: number[];
  except: string[];
}

const compiledByParams = new WeakMap<DiagnosisCodes, Compiled>();

function compile(params: DiagnosisCodes): Compiled {
  let compiled = compiledByParams.get(params);
  if (!compiled) {
    const codes = new Set(params.icdPrefixes.map(compactIcd).filter(Boolean));
    compiled = {
      spans: params.icdRanges.map((s) => ({
        from: compactIcd(s.from),
        to: compactIcd(s.to),
        title: s.title,
        text: s.from === s.to ? s.from : `${s.from}–${s.to}`,
      })),
      codes,
      codeLengths: [...new Set([...codes].map((c) => c.length))].sort((a, b) => a - b),
      except: params.exceptCodes.map(compactIcd).filter(Boolean),
    };
    compiledByParams.set(params, compiled);
  }
  return compiled;
}

/** Why a diagnosis is covered: the span it falls in (title and range), or its own listed code. */
export interface Coverage {
  readonly diagnosis: Diagnosis;
  /** "女性生殖器官恶性肿瘤 C51–C58", or undefined for a code listed by itself. */
  readonly span: string | undefined;
}

function coverageOf(compiled: Compiled, code: string): { span: string | undefined } | undefined {
  // A 医保版 dagger code (A18.109+N51.0*) is judged by its first part.
  const compact = compactIcd(code.split('+')[0]!);
  if (compact === '') return undefined;
  for (const except of compiled.except) if (compact.startsWith(except)) return undefined;
  for (const span of compiled.spans) {
    if (inIcdRange(compact, span)) return { span: span.title ? `${span.title} ${span.text}` : span.text };
  }
  for (const length of compiled.codeLengths) {
    if (length > compact.length) break;
    if (compiled.codes.has(compact.slice(0, length))) return { span: undefined };
  }
  return undefined;
}

/** Whether the codes cover one code (a category of a certified condition, say). */
export function coversCode(params: DiagnosisCodes, code: string): boolean {
  return coverageOf(compile(params), code) !== undefined;
}

/**
 * A diagnosis less precise than every code it could be: its category holds listed codes but the
 * diagnosis stops at the category (E11 where the list names E11.2), so the patient may well have
 * the listed form. Undefined when there is none.
 */
export function lessPreciseDiagnosis(params: DiagnosisCodes, diagnoses: readonly Diagnosis[]): Diagnosis | undefined {
  const compiled = compile(params);
  const listed = [...compiled.codes, ...compiled.spans.flatMap((s) => [s.from, s.to])];
  return diagnoses.find((d) => {
    const code = compactIcd(d.code.split('+')[0]!);
    return code.length >= 3 && listed.some((l) => l.length > code.length && l.startsWith(code));
  });
}

/** The order's diagnoses the rule covers, each once (a code entered twice is one diagnosis). */
export function coveredDiagnoses(params: DiagnosisCodes, ctx: EvalContext): Coverage[] {
  const compiled = compile(params);
  const seen = new Set<string>();
  const out: Coverage[] = [];
  ctx.diagnoses.forEach((diagnosis, i) => {
    const key = compactIcd(diagnosis.code);
    if (seen.has(key)) return;
    seen.add(key);
    const covered = coverageOf(compiled, diagnosis.code);
    // Named as the page wrote it (N40.x00), not as compared (upper case).
    if (covered) out.push({ diagnosis: ctx.order.encounter.diagnoses[i] ?? diagnosis, span: covered.span });
  });
  return out;
}

/** "N40.x00 前列腺增生", or the code alone when the page gave no name. */
export function diagnosisLabel(diagnosis: Diagnosis): string {
  return diagnosis.name ? `${diagnosis.code} ${diagnosis.name}` : diagnosis.code;
}

/**
 * Nothing of the claim is paid by 医保 here (a 自费 encounter, or every line marked 自费): a
 * diagnosis that does not fit the patient puts no payment at risk.
 */
export function nothingClaimed(lines: readonly { selfPay?: boolean }[], ctx: EvalContext): boolean {
  return ctx.order.encounter.insuranceType === 'self-pay' || lines.every((l) => l.selfPay === true);
}

/** 核对诊断编码: back to the page's diagnosis entry (the review's 补录诊断 path) to correct the code. */
export const checkDiagnosisAction = { type: 'add-diagnosis' as const, label: '核对诊断编码' };
