import type { CaseRecord } from '@triage/shared';
import {
  serialiseCaseModel,
  trainCaseModel,
  type CaseModel,
  type SerialisedCaseModel,
  type TrainCaseModelOptions,
} from '../domain/learning/index';

/** Input of `trainModel`. */
export interface TrainModelInput {
  records: readonly CaseRecord[];
  options?: TrainCaseModelOptions;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

/** Summary of one label key's classifier, as stored with a model version. */
export interface TrainedLabelSummary {
  classes: number;
  trainedOn: number;
  temperature: number;
  calibration: string;
  /** Weights of the linear model and the nearest-cases voter in the calibrated blend (absent: linear alone). */
  blend?: { linear: number; voter: number };
  /** Accuracy and ECE of the calibrated model on its held-out calibration cases. */
  held_out?: { n: number; accuracy: number; ece: number };
}

/** A trained model, its JSON form and a summary for people. */
export interface TrainModelResult {
  model: CaseModel;
  serialised: SerialisedCaseModel;
  summary: {
    version: string;
    cases: number;
    labels: Record<string, TrainedLabelSummary>;
    train_ms: number;
  };
}

/** Thrown when a history has nothing to learn. */
export class NothingToLearnError extends Error {
  constructor() {
    super('no record in the history has labels: nothing to learn (add labels.<key> to the cases)');
    this.name = 'NothingToLearnError';
  }
}

const round4 = (x: number): number => Number(x.toFixed(4));

/**
 * Trains the engine on a history: one calibrated classifier per label key found in the records (a
 * linear model blended with a nearest-cases voter).
 *
 * @throws NothingToLearnError when no record carries a label.
 */
export function trainModel(input: TrainModelInput): TrainModelResult {
  if (!input.records.some((r) => Object.keys(r.labels ?? {}).length > 0)) throw new NothingToLearnError();
  const now = input.now ?? (() => performance.now());
  const start = now();
  const model = trainCaseModel(input.records, input.options);
  const trainMs = Math.round(now() - start);
  const labels: Record<string, TrainedLabelSummary> = {};
  for (const [key, l] of Object.entries(model.labels)) {
    const { accuracy, ece, heldOut } = l.calibration;
    labels[key] = {
      classes: l.classes.length,
      trainedOn: l.trainedOn,
      temperature: round4(l.temperature),
      calibration: `${l.calibration.method} (${heldOut} held out)`,
      ...(l.blend ? { blend: { linear: round4(l.blend.linear), voter: round4(l.blend.voter) } } : {}),
      ...(accuracy !== undefined && ece !== undefined
        ? { held_out: { n: heldOut, accuracy: round4(accuracy), ece: round4(ece) } }
        : {}),
    };
  }
  return {
    model,
    serialised: serialiseCaseModel(model),
    summary: { version: model.version, cases: input.records.length, labels, train_ms: trainMs },
  };
}
