import { visibleCase, type CaseRecord } from '@triage/shared';
import { blendProbabilities, fitBlend, type BlendWeights } from './blend';
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
import { expectedCalibrationError } from './metrics';
import { modelVersion } from './model-schema';
import {
  DEFAULT_VOTER_OPTIONS,
  neighbourSearchOver,
  voteDistribution,
  votersFor,
  type Neighbour,
  type NeighbourSearch,
  type VoterOptions,
} from './nearest-voter';
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
  /** Softmax temperature of the linear model alone, fitted on held-out training cases (1 = uncalibrated). */
  temperature: number;
  /**
   * The calibrated blend of the linear model with the nearest-cases voter, fitted on the same
   * held-out cases. Absent when there was nothing to fit (one class, or too few cases); the linear
   * model alone, temperature-scaled, answers then.
   */
  blend?: BlendWeights;
  trainedOn: number;
  calibration: LabelCalibration;
}

/** How a label's confidences were calibrated, and how the calibrated model did on those cases. */
export interface LabelCalibration {
  method: CalibrationMethod;
  heldOut: number;
  /**
   * Accuracy and ECE of the final blend on the held-out cases it was fitted on (two weights fitted on
   * them, so slightly optimistic); absent when nothing was held out. A sanity figure stored with the
   * model, not a substitute for `eval`.
   */
  accuracy?: number;
  ece?: number;
}

/** A trained engine: one shared feature space and one classifier per label key. */
export interface CaseModel {
  format: 'triage-case-model/1';
  /** sha256 of the serialised parameters (see `serialiseCaseModel`); set by `trainCaseModel`. */
  version: string;
  trainedOn: number;
  featureSpace: FeatureSpace;
  softmax: SoftmaxOptions;
  voter: VoterOptions;
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
  voter?: Partial<VoterOptions>;
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
  /** The nearest labelled cases that voted on this key, most similar first, with their label. */
  neighbours: { id: string; similarity: number; label: string }[];
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
  /** Case ids, in the order of `labels`. */
  ids: readonly string[],
  /** The nearest labelled training cases of the i-th case of this label (never the case itself). */
  neighboursOf: (i: number) => readonly Neighbour[],
  dim: number,
  softmaxOptions: SoftmaxOptions,
  voterOptions: VoterOptions,
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
  const heldVotes: Float64Array[] = [];
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
    // The voter must know what the linear model it is blended with knows. A cross-fit label refits
    // its linear model on every case, so during calibration each fold's voter sees only that fold's
    // training part; a holdout model is final as fitted, and its voter sees every other case then as
    // it will at prediction time.
    const unseen = new Set(method === 'cross-fit' ? fold.held.map((i) => ids[i]) : []);
    for (const i of fold.held) {
      heldLogits.push(linearLogits(model, vectors[i] as SparseVector));
      const voters = neighboursOf(i).filter((n) => !unseen.has(n.id));
      heldVotes.push(voteDistribution(voters, key, classes, voterOptions));
      heldYs.push(ys[i] ?? 0);
    }
    holdout = { model, trainedOn: fold.train.length };
  }
  const temperature = fitTemperature(heldLogits, heldYs);
  // The blend starts from the temperature-scaled linear model and moves only if the held-out cases
  // say the neighbours add something; the test cases never take part.
  const blend =
    heldYs.length > 0
      ? fitBlend(heldLogits, heldVotes, heldYs, { linear: 1 / temperature, voter: 0 })
      : undefined;
  const calibration: LabelCalibration = { method, heldOut: heldYs.length };
  if (blend) {
    const confidences: number[] = [];
    const hits: boolean[] = [];
    heldLogits.forEach((z, i) => {
      const p = blendProbabilities(z, heldVotes[i] as Float64Array, blend);
      let best = 0;
      for (let c = 1; c < p.length; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c;
      confidences.push(p[best] ?? 0);
      hits.push(best === heldYs[i]);
    });
    calibration.accuracy = hits.filter(Boolean).length / hits.length;
    calibration.ece = expectedCalibrationError(confidences, hits);
  }
  // Refit or not. A large label (holdout) does NOT refit: the model that produced the held-out
  // logits is the final model, so the temperature is exact for it and training runs once; the 10%
  // it never saw costs little at that size, and it keeps 10k cases x 77 classes well inside the
  // time budget. A small label (cross-fit) DOES refit on all its cases, since there every case
  // counts; it keeps the temperature fitted on its k fold models, which were trained the same way
  // on (k-1)/k of the data and so are about as over-confident.
  const base = { key, classes, temperature, calibration, ...(blend ? { blend } : {}) };
  if (method === 'holdout' && holdout) {
    return { ...base, linear: holdout.model, trainedOn: holdout.trainedOn };
  }
  return {
    ...base,
    linear: trainSoftmax(vectors, ys, classes.length, dim, softmaxOptions),
    trainedOn: labels.length,
  };
}

/** Label keys present in the records, sorted. */
export function labelKeys(records: readonly CaseRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.labels ?? {})) keys.add(k);
  return [...keys].sort();
}

/**
 * Trains one calibrated classifier per label key found in `records` (`labels.*`), on features of the
 * visible fields only: a softmax regression blended with a nearest-labelled-cases voter, both
 * calibrated together on held-out training cases. Deterministic for a given input and seed, and
 * `version` is the sha256 of the parameters, so equal models carry equal versions.
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
    voter: options.voter ?? {},
  };
  const featureOptions: FeatureOptions = {
    ...DEFAULT_FEATURE_OPTIONS,
    // On a tiny history pruning singletons would leave almost nothing to learn from.
    minDf: records.length < 200 ? 1 : DEFAULT_FEATURE_OPTIONS.minDf,
    ...opts.features,
  };
  const softmaxOptions: SoftmaxOptions = { ...DEFAULT_SOFTMAX_OPTIONS, ...opts.softmax };
  const voterOptions: VoterOptions = { ...DEFAULT_VOTER_OPTIONS, ...opts.voter };
  const visible = records.map(visibleCase);
  const featureSpace = fitFeatureSpace(visible, featureOptions);
  const vectors = visible.map((r) => vectorise(featureSpace, r));
  const vectorById = new Map<string, SparseVector>();
  visible.forEach((r, i) => {
    if (!vectorById.has(r.id)) vectorById.set(r.id, vectors[i] as SparseVector);
  });
  const search = neighbourSearchOver(records, featureSpace, {
    voter: voterOptions,
    vectorOf: (id) => vectorById.get(id),
  });
  // Searched only for the cases some label holds out, and once per case whatever the number of keys.
  const nearest = new Map<number, readonly Neighbour[]>();
  const neighboursOfRecord = (i: number): readonly Neighbour[] => {
    let found = nearest.get(i);
    if (!found) {
      found = search.nearest(visible[i] as CaseRecord, vectors[i]);
      nearest.set(i, found);
    }
    return found;
  };
  const labels: Record<string, LabelModel> = {};
  for (const key of labelKeys(records)) {
    const idx = labelledIndices(records, key);
    labels[key] = trainLabel(
      key,
      idx.map((i) => vectors[i] as SparseVector),
      idx.map((i) => records[i]?.labels?.[key] ?? ''),
      idx.map((i) => records[i]?.id ?? ''),
      (j) => neighboursOfRecord(idx[j] ?? 0),
      featureSpace.buckets.length,
      softmaxOptions,
      voterOptions,
      opts,
    );
  }
  const model: CaseModel = {
    format: 'triage-case-model/1',
    version: '',
    trainedOn: records.length,
    featureSpace,
    softmax: softmaxOptions,
    voter: voterOptions,
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

/** Options of `predictCase`. */
export interface PredictCaseOptions {
  explain?: boolean;
  explanationSize?: number;
  /**
   * Where the case's nearest labelled cases come from (a `NeighbourSearch` over the tenant's
   * history), or the neighbours themselves. With neither, every label falls back to its
   * temperature-scaled linear model.
   */
  search?: NeighbourSearch;
  neighbours?: readonly Neighbour[];
}

/**
 * Predicts every label key of `model` for one case. Ground truth (`labels`, `duplicate_of`,
 * `split`) is stripped before features are read, so passing a labelled record cannot leak.
 */
export function predictCase(
  model: CaseModel,
  record: CaseRecord,
  options: PredictCaseOptions = {},
): LabelPrediction[] {
  const withExplanation = options.explain ?? true;
  const explanationSize = options.explanationSize ?? 5;
  const visible = visibleCase(record);
  const x = vectorise(model.featureSpace, visible, withExplanation);
  // The search reuses this vector: vectorising a long case costs more than searching for it.
  const neighbours = options.neighbours ?? options.search?.nearest(visible, x);
  return Object.values(model.labels)
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((label) => {
      const logits = linearLogits(label.linear, x);
      const p =
        label.blend && neighbours
          ? blendProbabilities(
              logits,
              voteDistribution(neighbours, label.key, label.classes, model.voter),
              label.blend,
            )
          : softmax(logits, label.temperature);
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
          ? explain(label, x, label.classes.indexOf(best.label), explanationSize)
          : [],
        neighbours:
          withExplanation && label.blend && neighbours
            ? votersFor(neighbours, label.key, Math.min(model.voter.k, explanationSize)).map((n) => ({
                id: n.id,
                similarity: Math.round(n.similarity * 1000) / 1000,
                label: n.labels[label.key] ?? '',
              }))
            : [],
      };
    });
}
