/** Public surface of the page adapter: site profiles, DOM → canonical order, one-click write-back. */
export * from './profile-schema';
export { extractOrder } from './extract';
export type { ExtractOptions, ExtractResult } from './extract';
export { FrameReadSchema, frameGlobs, isFrame, onProfileUrls, readFrame, showsFieldsOf, type Elsewhere, type FrameRead } from './frame-reads';
export { extractRow, locateTable, readTableHeader } from './extract-table';
export type { OrderLineInput, RowOptions, RowResult, TableContext } from './extract-table';
export { probeWriteBack, writeBack, type WriteBackFailure, type WriteBackOptions, type WriteBackResult, type WriteProbe } from './write-back';
export { writeBackLive, type LiveWriteOptions } from './cell-editor';
export { profileApplies, selectProfile, parseMatchPattern, globMatch, type PageContext } from './match';
export { adapterBroken } from './problems';
export { ProfileProblemSchema, type ProfileProblem, type ProblemCode, type ProblemSeverity } from '../contract/profile-problems';
export { UNKNOWN_PATIENT_KEY, pseudonymousKey } from './patient-key';
export { applyTransforms, parseAge, parseDate, parseNumber, parseSex, parseUnit, type AgeValue } from './transforms';
export { BUILT_IN_PROFILES } from './profiles';
