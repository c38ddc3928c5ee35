export { triage, ENGINE_VERSION } from './assemble';
export type { TriageInput, LabelPrediction, SimilarCase } from './types';
export { readCase, detectLanguage, readSentiment } from './case-facts';
export { questionTemplate } from './missing';
