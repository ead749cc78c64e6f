import { z } from 'zod';
import { DiagnosisSchema, type Diagnosis } from '../contract/order';
import { ProfileProblemSchema, type ProfileProblem } from '../contract/profile-problems';
import { readDiagnoses } from './diagnoses';
import { fieldName, readField, type Expect } from './extract-field';
import { globMatch, parseMatchPattern, urlMatches } from './match';
import { problem } from './problems';
import type { PageField, SiteProfile } from './profile-schema';

/**
 * Page fields shown in another frame than the order table (a profile's `frame`): the frame that
 * shows them reads them (`readFrame`, run by the content script there) and the order frame takes
 * that read in place of reading its own document (`Elsewhere`, given to extractOrder). What travels
 * is the field as read — value after transforms, or the problems — so both frames apply the same
 * profile the same way, and a frame that has not answered is an unread field, never a guess.
 */

interface PageFieldSpec {
  /** Contract path, as problems and Order.unread name it. */
  readonly path: string;
  readonly expect: Expect;
  readonly of: (profile: SiteProfile) => PageField | undefined;
}

/** Every page-level field of a profile (not the diagnoses, not the order rows). */
export const PAGE_FIELDS: readonly PageFieldSpec[] = [
  { path: 'orderId', expect: 'string', of: (p) => p.orderId },
  { path: 'patient.key', expect: 'string', of: (p) => p.patient.key },
  { path: 'patient.sex', expect: 'sex', of: (p) => p.patient.sex },
  { path: 'patient.age', expect: 'age', of: (p) => p.patient.age },
  { path: 'patient.birthDate', expect: 'date', of: (p) => p.patient.birthDate },
  { path: 'patient.weightKg', expect: 'number', of: (p) => p.patient.weightKg },
  { path: 'patient.maternity', expect: 'maternity', of: (p) => p.patient.maternity },
  { path: 'encounter.date', expect: 'date', of: (p) => p.encounter.date },
  { path: 'encounter.visitType', expect: 'visit-type', of: (p) => p.encounter.visitType },
  { path: 'encounter.department', expect: 'string', of: (p) => p.encounter.department },
  { path: 'encounter.insuranceType', expect: 'insurance-type', of: (p) => p.encounter.insuranceType },
  { path: 'encounter.institutionLevel', expect: 'institution-level', of: (p) => p.encounter.institutionLevel },
  { path: 'encounter.internet', expect: 'boolean', of: (p) => p.encounter.internet },
  { path: 'encounter.longTermPrescription', expect: 'boolean', of: (p) => p.encounter.longTermPrescription },
  { path: 'encounter.chronicDiseases', expect: 'chronic-diseases', of: (p) => p.encounter.chronicDiseases },
  { path: 'prescriber.id', expect: 'string', of: (p) => p.prescriber?.id },
  { path: 'prescriber.title', expect: 'string', of: (p) => p.prescriber?.title },
];

const Problems = z.array(ProfileProblemSchema).max(100);

/** One field as a frame read it: found or not, its value after transforms, its problems. */
export const FieldReadSchema = z.object({ found: z.boolean(), value: z.unknown().optional(), problems: Problems });

/** What one frame read of a profile's page fields (by contract path) and diagnoses. */
export const FrameReadSchema = z.object({
  fields: z.record(z.string().max(64), FieldReadSchema),
  diagnoses: z.object({ list: z.array(DiagnosisSchema).max(200), problems: Problems }).optional(),
});

export type FieldRead = z.infer<typeof FieldReadSchema>;
export type FrameRead = z.infer<typeof FrameReadSchema>;

/** The frame glob of a field read in another frame. */
export function frameOf(field: PageField | undefined): string | undefined {
  return field && 'frame' in field ? field.frame : undefined;
}

/** Every frame glob a profile reads fields in. */
export function frameGlobs(profile: SiteProfile): string[] {
  const globs = PAGE_FIELDS.map((spec) => frameOf(spec.of(profile)));
  globs.push(profile.diagnoses?.frame);
  return [...new Set(globs.filter((g): g is string => g !== undefined))];
}

/** Whether the page at `url` is the frame `glob` names (its path, as match.paths globs it). */
export function isFrame(glob: string, url: string): boolean {
  try {
    return globMatch(glob, new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Whether the profile's URL patterns take `url` in (its paths and frame rule aside). */
export function onProfileUrls(profile: SiteProfile, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return profile.match.urls.some((raw) => {
    const pattern = parseMatchPattern(raw);
    return pattern.ok && urlMatches(pattern.value, parsed);
  });
}

/** Whether the frame at `url` shows fields of `profile` for its order frame to read. */
export function showsFieldsOf(profile: SiteProfile, url: string): boolean {
  return onProfileUrls(profile, url) && frameGlobs(profile).some((glob) => isFrame(glob, url));
}

/** The profile's fields this frame (at `url`) shows, read from its document. */
export function readFrame(root: ParentNode, profile: SiteProfile, url: string): FrameRead {
  const fields: Record<string, FieldRead> = {};
  for (const spec of PAGE_FIELDS) {
    const field = spec.of(profile);
    const glob = frameOf(field);
    if (!field || !glob || !isFrame(glob, url)) continue;
    const read = readField(field, { scope: root }, spec.expect, { path: spec.path });
    fields[spec.path] = { found: read.found, ...(read.value !== undefined ? { value: read.value } : {}), problems: read.problems };
  }
  const glob = profile.diagnoses?.frame;
  if (!glob || !isFrame(glob, url)) return { fields };
  const problems: ProfileProblem[] = [];
  const list = readDiagnoses(root, profile, problems);
  return { fields, diagnoses: { list, problems } };
}

/** What the order frame knows of the other frames while it reads the order. */
export interface Elsewhere {
  /** Whether `glob` names the frame being read: then the field is read from its own document. */
  here(glob: string): boolean;
  /** The last read of the frame `glob` names; undefined until that frame has answered. */
  read(glob: string): FrameRead | undefined;
}

function notYet(what: string, glob: string, path: string): ProfileProblem {
  return problem('field-missing', `未读取到${what}：框架 ${glob} 未打开或尚未读出`, { field: path });
}

/** A field shown in another frame, as that frame read it. */
export function remoteField(elsewhere: Elsewhere, glob: string, path: string): FieldRead {
  return elsewhere.read(glob)?.fields[path] ?? { found: false, problems: [notYet(fieldName(path), glob, path)] };
}

/** The diagnoses shown in another frame, as that frame read them. */
export function remoteDiagnoses(elsewhere: Elsewhere, glob: string, problems: ProfileProblem[]): Diagnosis[] {
  const read = elsewhere.read(glob)?.diagnoses;
  if (!read) {
    problems.push(notYet('诊断', glob, 'encounter.diagnoses'));
    return [];
  }
  problems.push(...read.problems);
  return read.list;
}
