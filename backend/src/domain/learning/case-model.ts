import { visibleCase, type CaseRecord } from '@triage/shared';
import { fitTemperature } from './calibration';
import {
  DEFAULT_FEATURE_OPTIONS,
  describeFeature,
  fitFeatureSpace,
  vectorise,
  type FeatureOptions,
  type FeatureSpace,
  type SparseVector,
} from './features';
import { modelVersion } from './model-schema';
import { seededRandom, shuffled } from './prng';
import {
  DEFAULT_SOFTMAX_OPTIONS,
  linearLogits,
  softmax,
  trainSoftmax,
  type LinearWeights,
  type SoftmaxOptions,
} from './softmax-regression';

/** How a label model's temperature was fitted. */
export type CalibrationMethod = 'holdout' | 'cross-fit' | 'none';

/** The classifier for one label key (queue, category, intent, ...). */
export interface LabelModel {
  key: string;
  /** Class names, sorted; index i is row i of the weights. */
  classes: string[];
  linear: LinearWeights;
  /** Softmax temperature fitted on held-out training cases (1 = uncalibrated). */
  temperature: number;
  trainedOn: number;
  calibration: { method: CalibrationMethod; heldOut: number };
}

/** A trained engine: one shared feature space and one classifier per label key. */
export interface CaseModel {
  format: 'triage-case-model/1';
  /** sha256 of the serialised parameters (see `serialiseCaseModel`); set by `trainCaseModel`. */
  version: string;
  trainedOn: number;
  featureSpace: FeatureSpace;
  softmax: SoftmaxOptions;
  labels: Record<string, LabelModel>;
}

/** Options of `trainCaseModel`; every field has a default. */
export interface TrainCaseModelOptions {
  features?: Partial<FeatureOptions>;
  softmax?: Partial<SoftmaxOptions>;
  /** Share of training cases held out to fit the temperature when a label has many cases. */
  holdoutFraction?: number;
  /** Below this many labelled cases the temperature comes from k-fold cross-fitting instead. */
  crossFitBelow?: number;
  crossFitFolds?: number;
  /** With fewer labelled cases than this, no temperature is fitted (T = 1). */
  minCalibrationCases?: number;
}

/** One class with its calibrated probability. */
export interface ClassProbability {
  label: string;
  probability: number;
}

/** A prediction for one label key: all classes, most likely first, and why the first one won. */
export interface LabelPrediction {
  key: string;
  top: string;
  confidence: number;
  classes: ClassProbability[];
  /** Readable features that pushed the top class up most, strongest first. */
  explanation: string[];
}

function labelledIndices(records: readonly CaseRecord[], key: string): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    if (r.labels?.[key] !== undefined) out.push(i);
  });
  return out;
}

interface Fold {
  train: number[];
  held: number[];
}

function calibrationFolds(
  n: number,
  options: Required<TrainCaseModelOptions>,
  seed: number,
): { method: CalibrationMethod; folds: Fold[] } {
  if (n < options.minCalibrationCases) return { method: 'none', folds: [] };
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    seededRandom(seed ^ 0x9e3779b9),
  );
  if (n >= options.crossFitBelow) {
    const cut = Math.max(1, Math.round(n * options.holdoutFraction));
    return { method: 'holdout', folds: [{ held: order.slice(0, cut), train: order.slice(cut) }] };
  }
  const k = options.crossFitFolds;
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    folds.push({ held: order.filter((_, i) => i % k === f), train: order.filter((_, i) => i % k !== f) });
  }
  return { method: 'cross-fit', folds };
}

function trainLabel(
  key: string,
  vectors: readonly SparseVector[],
  labels: readonly string[],
  dim: number,
  softmaxOptions: SoftmaxOptions,
  options: Required<TrainCaseModelOptions>,
): LabelModel {
  const classes = [...new Set(labels)].sort();
  const ys = labels.map((l) => classes.indexOf(l));
  if (classes.length < 2) {
    // One class: nothing to learn, the model always answers it with certainty.
    return {
      key,
      classes,
      linear: {
        nClasses: classes.length,
        dim: 0,
        weights: new Float32Array(0),
        bias: new Float32Array(classes.length),
      },
      temperature: 1,
      trainedOn: labels.length,
      calibration: { method: 'none', heldOut: 0 },
    };
  }
  const { method, folds } = calibrationFolds(labels.length, options, softmaxOptions.seed);
  const heldLogits: Float64Array[] = [];
  const heldYs: number[] = [];
  let holdout: { model: LinearWeights; trainedOn: number } | undefined;
  for (const fold of folds) {
    const model = trainSoftmax(
      fold.train.map((i) => vectors[i] as SparseVector),
      fold.train.map((i) => ys[i] ?? 0),
      classes.length,
      dim,
      softmaxOptions,
    );
    for (const i of fold.held) {
      heldLogits.push(linearLogits(model, vectors[i] as SparseVector));
      heldYs.push(ys[i] ?? 0);
    }
    holdout = { model, trainedOn: fold.train.length };
  }
  const temperature = fitTemperature(heldLogits, heldYs);
  // Refit or not. A large label (holdout) does NOT refit: the model that produced the held-out
  // logits is the final model, so the temperature is exact for it and training runs once; the 10%
  // it never saw costs little at that size, and it keeps 10k cases x 77 classes well inside the
  // time budget. A small label (cross-fit) DOES refit on all its cases, since there every case
  // counts; it keeps the temperature fitted on its k fold models, which were trained the same way
  // on (k-1)/k of the data and so are about as over-confident.
  if (method === 'holdout' && holdout) {
    return {
      key,
      classes,
      linear: holdout.model,
      temperature,
      trainedOn: holdout.trainedOn,
      calibration: { method, heldOut: heldYs.length },
    };
  }
  return {
    key,
    classes,
    linear: trainSoftmax(vectors, ys, classes.length, dim, softmaxOptions),
    temperature,
    trainedOn: labels.length,
    calibration: { method, heldOut: heldYs.length },
  };
}

/** Label keys present in the records, sorted. */
export function labelKeys(records: readonly CaseRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.labels ?? {})) keys.add(k);
  return [...keys].sort();
}

/**
 * Trains one calibrated softmax classifier per label key found in `records` (`labels.*`), on
 * features of the visible fields only. Deterministic for a given input and seed, and `version` is
 * the sha256 of the parameters, so equal models carry equal versions.
 */
export function trainCaseModel(
  records: readonly CaseRecord[],
  options: TrainCaseModelOptions = {},
): CaseModel {
  const opts: Required<TrainCaseModelOptions> = {
    features: options.features ?? {},
    softmax: options.softmax ?? {},
    holdoutFraction: options.holdoutFraction ?? 0.1,
    crossFitBelow: options.crossFitBelow ?? 2000,
    crossFitFolds: options.crossFitFolds ?? 5,
    minCalibrationCases: options.minCalibrationCases ?? 30,
  };
  const featureOptions: FeatureOptions = {
    ...DEFAULT_FEATURE_OPTIONS,
    // On a tiny history pruning singletons would leave almost nothing to learn from.
    minDf: records.length < 200 ? 1 : DEFAULT_FEATURE_OPTIONS.minDf,
    ...opts.features,
  };
  const softmaxOptions: SoftmaxOptions = { ...DEFAULT_SOFTMAX_OPTIONS, ...opts.softmax };
  const visible = records.map(visibleCase);
  const featureSpace = fitFeatureSpace(visible, featureOptions);
  const vectors = visible.map((r) => vectorise(featureSpace, r));
  const labels: Record<string, LabelModel> = {};
  for (const key of labelKeys(records)) {
    const idx = labelledIndices(records, key);
    labels[key] = trainLabel(
      key,
      idx.map((i) => vectors[i] as SparseVector),
      idx.map((i) => records[i]?.labels?.[key] ?? ''),
      featureSpace.buckets.length,
      softmaxOptions,
      opts,
    );
  }
  const model: CaseModel = {
    format: 'triage-case-model/1',
    version: '',
    trainedOn: records.length,
    featureSpace,
    softmax: softmaxOptions,
    labels,
  };
  model.version = modelVersion(model);
  return model;
}

function explain(label: LabelModel, x: SparseVector, top: number, limit: number): string[] {
  const { nClasses, weights, dim } = label.linear;
  if (dim === 0 || !x.names) return [];
  const contributions: { name: string; value: number }[] = [];
  for (let k = 0; k < x.indices.length; k++) {
    const base = (x.indices[k] ?? 0) * nClasses;
    let mean = 0;
    for (let c = 0; c < nClasses; c++) mean += weights[base + c] ?? 0;
    mean /= nClasses;
    // Relative to the mean class weight: a word common to every class explains nothing.
    const value = (x.values[k] ?? 0) * ((weights[base + top] ?? 0) - mean);
    if (value > 0) contributions.push({ name: x.names[k] ?? '', value });
  }
  return contributions
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => `${describeFeature(c.name)} (+${c.value.toFixed(3)})`);
}

/**
 * Predicts every label key of `model` for one case. Ground truth (`labels`, `duplicate_of`,
 * `split`) is stripped before features are read, so passing a labelled record cannot leak.
 */
export function predictCase(
  model: CaseModel,
  record: CaseRecord,
  options: { explain?: boolean; explanationSize?: number } = {},
): LabelPrediction[] {
  const withExplanation = options.explain ?? true;
  const x = vectorise(model.featureSpace, visibleCase(record), withExplanation);
  return Object.values(model.labels)
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((label) => {
      const p = softmax(linearLogits(label.linear, x), label.temperature);
      const classes = label.classes
        .map((name, i) => ({ label: name, probability: p[i] ?? 0 }))
        .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
      const best = classes[0] ?? { label: '', probability: 0 };
      return {
        key: label.key,
        top: best.label,
        confidence: best.probability,
        classes,
        explanation: withExplanation
          ? explain(label, x, label.classes.indexOf(best.label), options.explanationSize ?? 5)
          : [],
      };
    });
}
