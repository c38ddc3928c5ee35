/** When a tenant's model is retrained on its grown history. */
export interface RetrainPolicy {
  /** Retrain once the labelled history grew by this share of what the current model was trained on... */
  growthFraction: number;
  /** ...or by this many labelled cases, whichever comes first, so a large history is not left stale. */
  growthCases: number;
}

/**
 * 10 % or 1,000 labelled cases. Below that a new model would differ from the current one mostly by
 * noise while costing a full training run per import; above it the new cases are enough to add
 * classes and move decision boundaries.
 */
export const DEFAULT_RETRAIN_POLICY: RetrainPolicy = { growthFraction: 0.1, growthCases: 1000 };

/** The labelled history a tenant has now. */
export interface HistorySnapshot {
  cases: number;
  digest: string;
}

/** What the current model was trained on (null when the tenant has no model). */
export interface ModelSnapshot {
  version: string;
  trainedOn: number;
  trainingDigest: string | null;
}

/** Whether to retrain, and why, in words an admin reads in the audit trail and logs. */
export interface RetrainDecision {
  retrain: boolean;
  reason: string;
  /** Labelled cases added since the current model (negative when cases were removed). */
  growth: number;
  /** The growth that triggers a retrain for the current model's size. */
  threshold: number;
}

/** The growth that triggers a retrain of a model trained on `trainedOn` cases (at least 1). */
export function retrainThreshold(trainedOn: number, policy: RetrainPolicy = DEFAULT_RETRAIN_POLICY): number {
  return Math.max(1, Math.min(policy.growthCases, Math.ceil(trainedOn * policy.growthFraction)));
}

/**
 * Decides whether a tenant's model is retrained:
 * - no labelled case: nothing to learn;
 * - no model yet: train the first one;
 * - the same training set as the current model (equal digest): nothing new, even when forced;
 * - forced (an admin or the `train` command asked): retrain;
 * - otherwise: retrain when the labelled history grew by at least `retrainThreshold` cases since
 *   the current model. Relabelled cases without growth wait for the next threshold or a forced run.
 */
export function decideRetrain(
  history: HistorySnapshot,
  current: ModelSnapshot | null,
  options: { policy?: RetrainPolicy; force?: boolean } = {},
): RetrainDecision {
  const policy = options.policy ?? DEFAULT_RETRAIN_POLICY;
  if (history.cases === 0) {
    return { retrain: false, reason: 'no labelled cases: nothing to learn', growth: 0, threshold: 1 };
  }
  if (!current) {
    return { retrain: true, reason: 'no model yet', growth: history.cases, threshold: 1 };
  }
  const growth = history.cases - current.trainedOn;
  const threshold = retrainThreshold(current.trainedOn, policy);
  if (current.trainingDigest === history.digest) {
    return {
      retrain: false,
      reason: `${current.version} was trained on exactly this history`,
      growth,
      threshold,
    };
  }
  if (options.force) return { retrain: true, reason: 'retrain requested', growth, threshold };
  if (growth >= threshold) {
    return {
      retrain: true,
      reason: `history grew by ${growth} labelled cases since ${current.version} (threshold ${threshold})`,
      growth,
      threshold,
    };
  }
  return {
    retrain: false,
    reason: `history grew by ${growth} labelled cases since ${current.version}, below the threshold of ${threshold}`,
    growth,
    threshold,
  };
}
