/** The 医保办's rule store (Dexie): working set, published versions, saved 试算 examples. */
export { RuleStoreDb, RULE_STORE_DB_NAME, VersionImmutableError, type RuleRecord, type VersionRecord, type ExampleRecord, type BaseRecord, type PackHead, type RuleOrigin, type TrialCaseRecord, type CaseFinding } from './db';
export { startRuleStore, BASELINE_CHANGELOG, type StartResult } from './start';
export * from './working-set';
export * from './import-merge';
export * from './versions';
export * from './search';
export * from './examples';
export { initialsVariants, initialsKeys } from './initials';
