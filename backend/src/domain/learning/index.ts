export {
  trainCaseModel,
  predictCase,
  labelKeys,
  type CaseModel,
  type LabelModel,
  type LabelPrediction,
  type ClassProbability,
  type TrainCaseModelOptions,
  type CalibrationMethod,
} from './case-model';
export {
  serialiseCaseModel,
  deserialiseCaseModel,
  modelVersion,
  ModelFormatError,
  SerialisedCaseModel,
} from './model-schema';
export {
  DEFAULT_FEATURE_OPTIONS,
  fitFeatureSpace,
  vectorise,
  visibleText,
  describeFeature,
  type FeatureOptions,
  type FeatureSpace,
  type SparseVector,
} from './features';
export {
  DEFAULT_SOFTMAX_OPTIONS,
  trainSoftmax,
  linearLogits,
  softmax,
  type SoftmaxOptions,
  type LinearWeights,
} from './softmax-regression';
export { fitTemperature, meanNll } from './calibration';
export {
  classificationMetrics,
  expectedCalibrationError,
  rankingMetrics,
  type ScoredPrediction,
  type LabelMetrics,
  type RankingMetrics,
} from './metrics';
export {
  timeOrder,
  testMask,
  duplicateQueries,
  EvalProtocolError,
  type SplitSpec,
  type DuplicateQuery,
} from './eval-protocol';
export { seededRandom, shuffled, fnv1a, type Random } from './prng';
