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

/** Summary of one label key's classifier. */
export interface TrainedLabelSummary {
  classes: number;
  trainedOn: number;
  temperature: number;
  calibration: string;
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

/**
 * Trains the engine on a history: one calibrated classifier per label key found in the records.
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
    labels[key] = {
      classes: l.classes.length,
      trainedOn: l.trainedOn,
      temperature: Number(l.temperature.toFixed(4)),
      calibration: `${l.calibration.method} (${l.calibration.heldOut} held out)`,
    };
  }
  return {
    model,
    serialised: serialiseCaseModel(model),
    summary: { version: model.version, cases: input.records.length, labels, train_ms: trainMs },
  };
}
