import { z } from 'zod';
import { KindSchema, type RuleKind, type Severity } from '../contract/findings';
import { migrateSettings, SETTINGS_VERSION } from './migrations';

/**
 * The in-page behaviour a 医保办 tunes during rollout: silent mode first (log, show nothing),
 * then per-kind prompts. Stored in `storage.local`; the options page edits the same schema.
 *
 * Every field falls back to its default on its own, so one bad value written by an older or
 * newer options page never switches the whole extension to defaults (or off).
 */

/**
 * `interruptive`: marked on the row and asked about in the pre-submit review.
 * `passive`: marked on the row and listed in the panel only; never stops a submission.
 */
export const KindModeSchema = z.enum(['interruptive', 'passive']);
export type KindMode = z.infer<typeof KindModeSchema>;

export const UiLanguageSchema = z.enum(['zh-CN', 'en']);

export const PreflightSettingsSchema = z.object({
  /** Stored with the settings so a later build can migrate them (./migrations.ts). */
  version: z.literal(SETTINGS_VERSION).catch(SETTINGS_VERSION),
  /** Log findings but show nothing at all (rollout, or measuring a site before switching prompts on). */
  silent: z.boolean().catch(false),
  /**
   * Warnings stop a submission for review too; `critical` findings always do. Off by default: a
   * warning asks for a condition only the doctor knows and is answered on its row, while the
   * submit is interrupted only for what the order's own facts make certain not to be paid —
   * every extra interruption teaches doctors to click through.
   */
  warningBlocksSubmit: z.boolean().catch(false),
  /** Per-kind mode; kinds not listed are interruptive. */
  kindModes: z.partialRecord(KindSchema, KindModeSchema).catch({}),
  language: UiLanguageSchema.catch('zh-CN'),
});

export type PreflightSettings = z.infer<typeof PreflightSettingsSchema>;

export const DEFAULT_SETTINGS: PreflightSettings = Object.freeze(PreflightSettingsSchema.parse({}));

/** Reads whatever is stored (nothing, an older version, garbage) into complete settings. */
export function parseSettings(raw: unknown): PreflightSettings {
  return PreflightSettingsSchema.parse(migrateSettings(raw));
}

export function kindMode(settings: PreflightSettings, kind: RuleKind): KindMode {
  return settings.kindModes[kind] ?? 'interruptive';
}

/** Severities that stop a submission for the doctor's decision. */
export function blockingSeverities(settings: PreflightSettings): ReadonlySet<Severity> {
  return new Set<Severity>(settings.warningBlocksSubmit ? ['critical', 'warning'] : ['critical']);
}
