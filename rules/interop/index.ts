/** Converters between the canonical contract and outside formats (national 3101/3103, HL7 CDS Hooks). */
export { looksLike3101, parse3101, type Data3101 } from './nhsa3101-request';
export { ordersFrom3101, DISCHARGE_ORDER_SUFFIX, type Conversion3101, type ConversionNote, type Link3101 } from './nhsa3101';
export { to3101Response, Response3101Schema, type Response3101, type JudgeResult, type ResultContext } from './nhsa3101-result';
export { to3103Request, toWarn, Request3103Schema, type Request3103, type Warn3103 } from './nhsa3103';
export { toCard, cardOf, toCdsResponse, toFeedback, cardUuid, suggestionUuid, CardSchema, CdsResponseSchema, FeedbackSchema, type Card, type Feedback } from './cds-hooks';
export { jrIdOf, refOf, groupByRef, type FindingGroup } from './finding-ref';
export { pseudonymousKey } from './hash';
