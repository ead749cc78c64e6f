import type { FileReport } from './report';
import type { RuleInput } from './rule-collector';
import type { TextParser } from './drafts';
import type { KnowledgeFile } from './classes/finish';
import type { PrescriberPrivilege } from '../pack/prescribers';

/** One input file: its name (used for 依据 and the report) and its bytes, as read or uploaded. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array | ArrayBuffer;
}

export interface ImportOptions {
  /** Reads free-text restrictions; defaults to parseRestrictionText. */
  parseText?: TextParser;
}

/** What importing one file gives: the rules (not yet validated as a pack) and the report. */
export interface ImportOutcome {
  rules: RuleInput[];
  report: FileReport;
  /**
   * Knowledge-point files: the points read, so an import of several files can run one ledger
   * over all of them (a later publication replaces a point of an earlier file).
   */
  knowledge?: KnowledgeFile;
  /** The doctors' 处方权 list (the 医师处方权 template): goes into the pack's settings, not its rules. */
  prescribers?: PrescriberPrivilege[];
}

/** The file name without folders: rules cite the file as published, not where it was read from. */
export function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1);
}
