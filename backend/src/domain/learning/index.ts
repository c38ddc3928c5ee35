export {
  trainCaseModel,
  predictCase,
  labelKeys,
  type CaseModel,
  type LabelModel,
  type LabelPrediction,
  type ClassProbability,
  type TrainCaseModelOptions,
  type PredictCaseOptions,
  type CalibrationMethod,
  type LabelCalibration,
} from './case-model';
export {
  DEFAULT_VOTER_OPTIONS,
  neighbourSearchOver,
  voteDistribution,
  votersFor,
  sparseDot,
  type Neighbour,
  type NeighbourSearch,
  type VoterOptions,
} from './nearest-voter';
export { blendProbabilities, fitBlend, type BlendWeights } from './blend';
export { naiveBayesTerms, trainNaiveBayes, predictNaiveBayes, type NaiveBayesModel } from './naive-bayes';
export { createPlainBm25Index, type PlainBm25Index } from './bm25-baseline';
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
  pairedComparison,
  pairedMeanComparison,
  logLosses,
  LOG_LOSS_FLOOR,
  type PairedComparison,
  type PairedMeanComparison,
  type ScoredPrediction,
  type LabelMetrics,
  type RankingMetrics,
} from './metrics';
export {
  timeOrder,
  testMask,
  testMasks,
  duplicateQueries,
  EvalProtocolError,
  type SplitSpec,
  type DuplicateQuery,
} from './eval-protocol';
export { seededRandom, shuffled, fnv1a, type Random } from './prng';
export {
  DEFAULT_RETRAIN_POLICY,
  decideRetrain,
  retrainThreshold,
  type RetrainPolicy,
  type RetrainDecision,
  type HistorySnapshot,
  type ModelSnapshot,
} from './retrain-policy';
