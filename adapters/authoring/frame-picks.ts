import { checkDraft, getAt, setAt, type DraftProfile } from './draft';
import { PICK_FIELDS, type PickField } from './fields';
import { fieldFrame, fieldHere } from './preview';
import { readFrame, isFrame, type FrameRead } from '../frame-reads';
import { parseMatchPattern, urlMatches } from '../match';
import type { RemoteStatus } from './messages';

/**
 * Picks made in another frame than the panel's. Only page values and diagnoses may come from
 * another frame (the order table is the panel's frame: it is where the profile applies); the
 * profile records the frame as a glob on its path (`frame`), taken from the frame's URL as the
 * browser reported it. The diagnoses are one block in one frame: picking one of them in another
 * frame starts the block over there.
 */

/** Fields a click in another frame may assign. */
export function pickableElsewhere(field: PickField): boolean {
  return field.kind === 'page' || field.kind === 'diagnosis';
}

const DIAGNOSIS_PARTS = ['code', 'name', 'primary', 'list'] as const;

/** What a pick changed, to send to the panel: the field's locator, or the whole diagnoses block. */
export function pickedPart(field: PickField, after: DraftProfile): unknown {
  return field.kind === 'diagnosis' ? getAt(after, ['diagnoses']) : getAt(after, field.path);
}

function plainObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : undefined;
}

/**
 * The draft with a pick's part placed in frame `glob` (undefined: the panel's own frame). A
 * diagnosis picked in another frame than the block's keeps only what that pick made.
 */
export function placePick(before: DraftProfile, field: PickField, part: unknown, glob: string | undefined): DraftProfile | undefined {
  const value = plainObject(part);
  if (!value || !pickableElsewhere(field)) return undefined;
  if (glob === undefined) delete value['frame'];
  else value['frame'] = glob;
  if (field.kind === 'page') return setAt(before, field.path, value);
  const own = field.path[field.path.length - 1];
  if (fieldFrame(field, before) !== glob) {
    for (const name of DIAGNOSIS_PARTS) if (name !== own) delete value[name];
  }
  return setAt(before, ['diagnoses'], value);
}

/** The frame glob of a page at `url`: its path, as match.paths names pages. */
export function frameGlobOf(url: string): string | undefined {
  try {
    return new URL(url).pathname || '/';
  } catch {
    return undefined;
  }
}

/** The draft with the origin of `url` among its match.urls, so the content script runs in that frame too. */
export function coveringOrigin(draft: DraftProfile, url: string): DraftProfile {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return draft;
  }
  const urls = ((getAt(draft, ['match', 'urls']) as string[] | undefined) ?? []).filter((u) => typeof u === 'string');
  const covered = urls.some((raw) => {
    const pattern = parseMatchPattern(raw);
    return pattern.ok && urlMatches(pattern.value, parsed);
  });
  return covered ? draft : setAt(draft, ['match', 'urls'], [...urls, `${parsed.protocol}//${parsed.host}/*`]);
}

/**
 * What the draft reads in this frame (at `url`), for the panel: the status of every field placed
 * here, and once the draft is a valid profile, the frame's read for the order preview.
 */
export function readsForPanel(draft: DraftProfile, doc: Document, url: string): { statuses: Record<string, RemoteStatus>; read?: FrameRead } {
  const statuses: Record<string, RemoteStatus> = {};
  for (const field of PICK_FIELDS) {
    const glob = pickableElsewhere(field) ? fieldFrame(field, draft) : undefined;
    if (!glob || !isFrame(glob, url)) continue;
    const { assigned, found, raw, value, error, unmapped } = fieldHere(field, draft, doc);
    statuses[field.id] = {
      assigned,
      found,
      ...(raw !== undefined ? { raw: raw.slice(0, 2000) } : {}),
      ...(value !== undefined ? { value: value.slice(0, 2000) } : {}),
      ...(error !== undefined ? { error: error.slice(0, 2000) } : {}),
      ...(unmapped !== undefined ? { unmapped: unmapped.slice(0, 200) } : {}),
    };
  }
  const checked = checkDraft(draft);
  return checked.ok ? { statuses, read: readFrame(doc, checked.profile, url) } : { statuses };
}
