/** Public surface of the rule engine: contract schemas, packs, compile and evaluate. */
export * from '../contract/order';
export * from '../contract/findings';
export { PackSchema, RuleSchema, CURRENT_SCHEMA_VERSION, compareVersions, type Pack, type Rule, type PackInput } from './pack/schema';
export { parsePackText, validatePack, formatPath, zodErrors, type FieldError, type PackLoadResult } from './pack/load';
export { compilePack, type CompiledPack } from './engine/compile';
export { evaluate } from './engine/evaluate';
export { EngineSession } from './engine/session';
