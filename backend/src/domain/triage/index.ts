export { triage, ENGINE_VERSION } from './assemble';
export type { TriageInput, LabelPrediction, SimilarCase } from './types';
export { readCase, readSentiment } from './case-facts';
export { BUILTIN_RULES, citableRuleIds } from './builtin-rules';
export { questionTemplate } from './missing';
