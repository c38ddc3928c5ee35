import type { CaseRecord } from '@triage/shared';
import {
  neighbourSearchOver,
  deserialiseCaseModel,
  predictCase,
  type CaseModel,
  type NeighbourSearch,
} from '../domain/learning';
import { createCaseIndex, type CaseIndex } from '../domain/matching/case-index';
import { extractErrorSignatures } from '../domain/text';
import type { LabelPrediction, SimilarCase } from '../domain/triage';
import type { CasesRepository, ModelsRepository, StoredCase } from '../storage';
import { z } from 'zod';

/** A tenant's learned model and similar-case index, ready to use on one case. */
export interface TenantEngine {
  modelVersion: string | null;
  predict(record: CaseRecord): LabelPrediction[];
  similar(record: CaseRecord, k?: number): SimilarCase[];
}

/** Extracts the signatures the engine matches on: canonical values and the text as written. */
export function caseSignatures(record: CaseRecord): string[] {
  const text = [
    record.subject ?? '',
    record.description ?? '',
    ...(record.comments ?? []).filter((c) => c.author_role === 'customer').map((c) => c.body),
  ].join('\n');
  const out = new Set<string>();
  for (const s of extractErrorSignatures(text)) {
    out.add(s.value);
    if (s.text !== s.value) out.add(s.text.trim());
  }
  return [...out];
}

/**
 * The model's predictions in the engine's shape, each naming the model version that made it and
 * explained by its strongest features and the nearest labelled cases that voted.
 */
export function toLabelPredictions(
  model: CaseModel,
  record: CaseRecord,
  search?: NeighbourSearch,
): LabelPrediction[] {
  return predictCase(model, record, search ? { search } : {}).map((p) => ({
    key: p.key,
    classes: p.classes.slice(0, 5).map((c) => ({ value: c.label, p: c.probability })),
    explanation: [
      ...p.explanation,
      ...p.neighbours.map((n) => `nearest case ${n.id} (similarity ${n.similarity.toFixed(2)}): ${n.label}`),
    ],
    model: `case-model/${p.key}@${model.version.slice(0, 12)}`,
  }));
}

async function solvedCases(cases: CasesRepository, tenant: string): Promise<StoredCase[]> {
  const out: StoredCase[] = [];
  let cursor: string | null = null;
  do {
    const page = await cases.list(tenant, { status: 'solved', limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/**
 * Keeps each tenant's model and case index in memory. Callers invalidate a tenant after importing history
 * or training a model in this process; other processes pick the change up on restart (a shared
 * invalidation signal comes with the job queue). Per tenant by construction: one tenant's cases never
 * appear in another's matches.
 */
export function createEngineCache(deps: { models: ModelsRepository; cases: CasesRepository }) {
  const cache = new Map<string, Promise<TenantEngine>>();

  async function load(tenant: string): Promise<TenantEngine> {
    const stored = await deps.models.latest(tenant, z.unknown());
    const model = stored ? deserialiseCaseModel(stored.model) : null;
    const solved = await solvedCases(deps.cases, tenant);
    const index: CaseIndex = createCaseIndex();
    const byRef = new Map<string, StoredCase>();
    solved
      .slice()
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .forEach((c) => {
        index.add(c.record);
        byRef.set(c.ref, c);
      });
    const neighbours = model
      ? neighbourSearchOver(
          solved.map((c) => c.record),
          model.featureSpace,
          { voter: model.voter },
        )
      : null;
    return {
      modelVersion: model?.version ?? null,
      predict: (record) => (model ? toLabelPredictions(model, record, neighbours ?? undefined) : []),
      similar(record, k = 5) {
        const queryTerms = new Set(
          `${record.subject ?? ''} ${record.description ?? ''}`
            .toLowerCase()
            .split(/[^\p{L}\p{N}]+/u)
            .filter((t) => t.length > 2),
        );
        return index.search(record, { k, exclude: [record.id] }).flatMap((hit): SimilarCase[] => {
          const c = byRef.get(hit.id);
          if (!c) return [];
          const overlap = queryTerms.size
            ? hit.matchedTerms.filter((t) => queryTerms.has(t)).length / queryTerms.size
            : 0;
          return [
            {
              ref: c.ref,
              title: c.subject,
              score: Math.round((0.5 * hit.score + 0.5 * Math.min(1, overlap)) * 1000) / 1000,
              matchedTerms: hit.matchedTerms,
              resolution: c.record.resolution ?? null,
              queue: c.record.labels?.queue ?? null,
              solved: c.solved,
              url: null,
            },
          ];
        });
      },
    };
  }

  return {
    /** The engine for a tenant; concurrent callers share one load. */
    forTenant(tenant: string): Promise<TenantEngine> {
      let engine = cache.get(tenant);
      if (!engine) {
        engine = load(tenant);
        // A failed load must not stick: the next packet tries again.
        engine.catch(() => cache.delete(tenant));
        cache.set(tenant, engine);
      }
      return engine;
    },
    invalidate(tenant: string): void {
      cache.delete(tenant);
    },
  };
}
export type EngineCache = ReturnType<typeof createEngineCache>;
