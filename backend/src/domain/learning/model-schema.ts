import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CaseModel, LabelModel } from './case-model';
import { DEFAULT_VOTER_OPTIONS } from './nearest-voter';

// Typed arrays travel as base64 of their little-endian bytes: exact, and a quarter the size of
// decimal JSON for a model with millions of weights. (Every platform Node runs on is little-endian.)
function encode(array: Float32Array | Int32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const SerialisedLabel = z.object({
  key: z.string().min(1),
  classes: z.array(z.string()),
  nClasses: z.number().int().nonnegative(),
  dim: z.number().int().nonnegative(),
  weights: Base64,
  bias: z.array(z.number()),
  temperature: z.number().positive(),
  // Optional so that models saved before the nearest-cases voter still load (linear model alone).
  blend: z.object({ linear: z.number().positive(), voter: z.number().nonnegative() }).optional(),
  trainedOn: z.number().int().nonnegative(),
  calibration: z.object({
    method: z.enum(['holdout', 'cross-fit', 'none']),
    heldOut: z.number().int().nonnegative(),
    accuracy: z.number().min(0).max(1).optional(),
    ece: z.number().min(0).max(1).optional(),
  }),
});

const VoterOptionsSchema = z.object({
  k: z.number().int().positive(),
  candidates: z.number().int().positive(),
  smoothing: z.number().positive(),
  queryWords: z.number().int().positive(),
});

const FeatureOptionsSchema = z.object({
  bucketBits: z.number().int().min(8).max(30),
  charMin: z.number().int().positive(),
  charMax: z.number().int().positive(),
  maxCharWordLength: z.number().int().positive(),
  maxTextChars: z.number().int().positive(),
  minDf: z.number().int().nonnegative(),
  groupWeights: z.object({ word: z.number(), char: z.number(), meta: z.number() }),
});

/** The JSON form of a `CaseModel`, as written to `model.json`. */
export const SerialisedCaseModel = z.object({
  format: z.literal('triage-case-model/1'),
  version: z.string(),
  trainedOn: z.number().int().nonnegative(),
  featureSpace: z.object({ options: FeatureOptionsSchema, buckets: Base64, idf: Base64 }),
  softmax: z.object({
    epochs: z.number().int().nonnegative(),
    learningRate: z.number(),
    l2: z.number(),
    beta1: z.number(),
    beta2: z.number(),
    epsilon: z.number(),
    seed: z.number().int(),
  }),
  voter: VoterOptionsSchema.optional(),
  labels: z.record(z.string(), SerialisedLabel),
});
export type SerialisedCaseModel = z.infer<typeof SerialisedCaseModel>;

/** Thrown when a model file does not describe a usable model. */
export class ModelFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFormatError';
  }
}

function withoutVersion(model: CaseModel): Omit<SerialisedCaseModel, 'version'> {
  const labels: Record<string, z.infer<typeof SerialisedLabel>> = {};
  for (const key of Object.keys(model.labels).sort()) {
    const l = model.labels[key] as LabelModel;
    labels[key] = {
      key: l.key,
      classes: l.classes,
      nClasses: l.linear.nClasses,
      dim: l.linear.dim,
      weights: encode(l.linear.weights),
      bias: Array.from(l.linear.bias),
      temperature: l.temperature,
      ...(l.blend ? { blend: l.blend } : {}),
      trainedOn: l.trainedOn,
      calibration: l.calibration,
    };
  }
  return {
    format: model.format,
    trainedOn: model.trainedOn,
    featureSpace: {
      options: model.featureSpace.options,
      buckets: encode(model.featureSpace.buckets),
      idf: encode(model.featureSpace.idf),
    },
    softmax: model.softmax,
    voter: model.voter,
    labels,
  };
}

/** The version of a model: sha256 (hex, first 16 digits) of its serialised parameters. */
export function modelVersion(model: CaseModel): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(withoutVersion(model)))
    .digest('hex');
  return `sha256:${digest.slice(0, 16)}`;
}

/**
 * Turns a model into plain JSON, with `version` computed from the parameters (so two models with
 * equal parameters always carry the same version).
 */
export function serialiseCaseModel(model: CaseModel): SerialisedCaseModel {
  const body = withoutVersion(model);
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { version: `sha256:${digest.slice(0, 16)}`, ...body };
}

/**
 * Parses and checks a model read from JSON.
 *
 * @throws ModelFormatError when the JSON is not a model of this format or its arrays disagree.
 */
export function deserialiseCaseModel(json: unknown): CaseModel {
  const parsed = SerialisedCaseModel.safeParse(json);
  if (!parsed.success) {
    throw new ModelFormatError(`not a triage model: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const m = parsed.data;
  const buckets = new Int32Array(decodeBytes(m.featureSpace.buckets));
  const idf = new Float32Array(decodeBytes(m.featureSpace.idf));
  if (buckets.length !== idf.length)
    throw new ModelFormatError('feature space: buckets and idf differ in length');
  const labels: Record<string, LabelModel> = {};
  for (const [key, l] of Object.entries(m.labels)) {
    const weights = new Float32Array(decodeBytes(l.weights));
    if (
      weights.length !== l.dim * l.nClasses ||
      l.classes.length !== l.nClasses ||
      l.bias.length !== l.nClasses
    ) {
      throw new ModelFormatError(`label "${key}": weight shapes do not match its classes`);
    }
    if (l.dim !== 0 && l.dim !== buckets.length) {
      throw new ModelFormatError(
        `label "${key}": trained on ${l.dim} features, the feature space has ${buckets.length}`,
      );
    }
    labels[key] = {
      key: l.key,
      classes: l.classes,
      linear: { nClasses: l.nClasses, dim: l.dim, weights, bias: Float32Array.from(l.bias) },
      temperature: l.temperature,
      ...(l.blend ? { blend: l.blend } : {}),
      trainedOn: l.trainedOn,
      calibration: l.calibration,
    };
  }
  return {
    format: m.format,
    version: m.version,
    trainedOn: m.trainedOn,
    featureSpace: { options: m.featureSpace.options, buckets, idf },
    softmax: m.softmax,
    voter: m.voter ?? DEFAULT_VOTER_OPTIONS,
    labels,
  };
}
