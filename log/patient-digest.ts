import { PSEUDONYMOUS_KEY_PATTERN } from '../contract/flag-event';
import { sha256Hex } from '../rules/pack/hex';

/**
 * The hub's patient key: SHA-256 over `installSalt:pseudonymousKey`, in hex. The pseudonymous key
 * is a 64-bit FNV-1a (adapters/patient-key.ts), cheap to reverse over a record-number range; the
 * digest is what leaves the workstation. It runs in the background because content scripts on
 * plain-http intranet pages are not a secure context and have no `crypto.subtle`.
 */
export async function patientDigest(installSalt: string, pseudonymousKey: string): Promise<string> {
  return sha256Hex(`${installSalt}:${pseudonymousKey}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A record from a content script with its patient key replaced by the digest. Anything in that
 * field other than a pseudonymous key — `p-unknown`, a raw identifier from a buggy or hostile
 * sender — is removed, never passed on; so is every key when no salt is available. Records that
 * are not objects are returned unchanged (the schema check that follows rejects them).
 */
export async function sealPatientKey(record: unknown, installSalt: string | undefined): Promise<unknown> {
  if (!isRecord(record) || !isRecord(record.context) || !('patientKey' in record.context)) return record;
  const { patientKey, ...rest } = record.context;
  const sealed =
    installSalt !== undefined && typeof patientKey === 'string' && PSEUDONYMOUS_KEY_PATTERN.test(patientKey)
      ? { ...rest, patientKey: await patientDigest(installSalt, patientKey) }
      : rest;
  if (Object.keys(sealed).length > 0) return { ...record, context: sealed };
  const { context: _dropped, ...withoutContext } = record;
  return withoutContext;
}
