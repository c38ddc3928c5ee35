import { randomUUID } from 'node:crypto';
import { CaseRecord } from '@triage/shared';
import { z } from 'zod';
import { DEFAULT_TENANT_CONFIG } from '../domain/default-config';
import { neighbourSearchOver } from '../domain/learning';
import { createCaseIndex } from '../domain/matching/case-index';
import { TenantConfig } from '../domain/tenant-config';
import { triage } from '../domain/triage';
import { caseSignatures, toLabelPredictions } from '../usecases/tenant-engine';
import { parseCommandArgs } from './args';
import { CliError, EXIT, resolvePath, type Command } from './context';
import { HISTORY_FILE, readHistoryIfPresent, readModelDir, readText } from './files';

const usage = 'triage packet --model model-dir/ --case case.json [--config tenant-config.json]';

const Args = z.object({
  positionals: z.array(z.string()).max(0, 'packet takes no positional arguments'),
  model: z.string({ error: '--model <dir> is required' }).min(1),
  case: z.string({ error: '--case <case.json> is required' }).min(1),
  config: z.string().min(1).optional(),
});

async function readJson<S extends z.ZodType>(path: string, schema: S, what: string): Promise<z.output<S>> {
  const text = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`, EXIT.failure, { cause: e });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CliError(`${path}: not a valid ${what}: ${issues}`, EXIT.failure);
  }
  return parsed.data;
}

/**
 * `packet`: builds one case's triage packet offline, from a trained model directory. There are no
 * connectors offline, so the packet carries the case's own facts, the model's predictions and the similar
 * cases of the training history (saved beside the model by `train`); its completeness says so.
 */
export const packetCommand: Command = {
  summary: 'build the triage packet of one case from a trained model, offline',
  usage,
  async run(argv, context) {
    const args = parseCommandArgs(
      argv,
      { model: { type: 'string' }, case: { type: 'string' }, config: { type: 'string' } },
      Args,
      usage,
    );
    const modelDir = resolvePath(context, args.model);
    const [model, history, record, config] = await Promise.all([
      readModelDir(modelDir),
      readHistoryIfPresent(modelDir),
      readJson(resolvePath(context, args.case), CaseRecord, 'case (CaseRecord)'),
      args.config
        ? readJson(resolvePath(context, args.config), TenantConfig, 'tenant configuration')
        : Promise.resolve(DEFAULT_TENANT_CONFIG),
    ]);
    if (history.length === 0)
      context.stderr(`no ${HISTORY_FILE} beside the model: similar cases are not matched\n`);
    const index = createCaseIndex();
    const byId = new Map(history.map((c) => [c.id, c]));
    for (const c of history) index.add(c);
    const similar = index.search(record, { k: 5, exclude: [record.id] }).flatMap((hit) => {
      const c = byId.get(hit.id);
      return c
        ? [
            {
              ref: c.id,
              title: c.subject ?? c.id,
              score: hit.score,
              matchedTerms: hit.matchedTerms,
              resolution: c.resolution ?? null,
              queue: c.labels?.queue ?? null,
              solved: Boolean(c.solved_at ?? c.resolution),
              url: null,
            },
          ]
        : [];
    });
    const packet = triage({
      id: `pkt_${randomUUID()}`,
      tenant: 'offline',
      record,
      evidence: [],
      sources: [],
      config,
      signatures: caseSignatures(record),
      // The history beside the model lets its nearest labelled cases vote and explain, as in the service.
      predictions: toLabelPredictions(
        model,
        record,
        neighbourSearchOver(history, model.featureSpace, { voter: model.voter }),
      ),
      modelVersion: model.version,
      similar,
      now: new Date(),
    });
    context.stdout(`${JSON.stringify(packet, null, 2)}\n`);
    return EXIT.ok;
  },
};
