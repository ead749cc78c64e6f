import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PackSchema, type Pack } from '../../../rules/pack/schema';

export const FIXTURES = path.resolve(__dirname, 'fixtures');
export const REQUEST_3101_PATH = path.join(FIXTURES, 'nhsa3101-request.json');
export const TEST_PACK_PATH = path.join(FIXTURES, 'test-pack.json');

/** A fresh copy each call, so a test may mutate it. */
export function request3101(): { input: { data: Record<string, unknown> & { patient_dtos: Record<string, any>[] } } } {
  return JSON.parse(readFileSync(REQUEST_3101_PATH, 'utf8'));
}

export function testPack(): Pack {
  return PackSchema.parse(JSON.parse(readFileSync(TEST_PACK_PATH, 'utf8')));
}
