import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseRecord } from '@triage/shared';
import { deserialiseCaseModel, type CaseModel, type SerialisedCaseModel } from '../domain/learning/index';
import { parseJsonlCases } from '../importers/index';
import { CliError, EXIT } from './context';

/** The file a model directory holds. */
export const MODEL_FILE = 'model.json';

/** The training history, saved beside the model so that offline packets can match similar cases. */
export const HISTORY_FILE = 'history.jsonl';

/** Reads a text file, turning "not found" and friends into a clear CLI error. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${why}`, EXIT.failure, { cause: error });
  }
}

/**
 * Reads a CaseRecord JSON Lines history. A history must be clean: any bad line fails the run,
 * listing the first ten with their line numbers (`import` is the tool that tolerates bad rows).
 */
export async function readHistory(path: string): Promise<CaseRecord[]> {
  const { records, issues } = parseJsonlCases(await readText(path));
  if (issues.length) {
    const shown = issues.slice(0, 10).map((i) => `  line ${i.line}: ${i.reason}`);
    const more = issues.length > 10 ? [`  ... and ${issues.length - 10} more`] : [];
    throw new CliError(
      [`${path}: ${issues.length} invalid line(s) in the history`, ...shown, ...more].join('\n'),
      EXIT.failure,
    );
  }
  if (records.length === 0) throw new CliError(`${path}: the history has no cases`, EXIT.failure);
  return records;
}

/** Writes a trained model into `dir` (created if needed) as `model.json`; returns the file path. */
export async function writeModelDir(dir: string, model: SerialisedCaseModel): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, MODEL_FILE);
  await writeFile(file, `${JSON.stringify(model)}\n`, 'utf8');
  return file;
}

/** Saves the training history beside the model (one CaseRecord a line). */
export async function writeHistoryFile(dir: string, records: readonly CaseRecord[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, HISTORY_FILE);
  await writeFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
  return file;
}

/** The history saved beside a model, or [] when there is none. */
export async function readHistoryIfPresent(dir: string): Promise<CaseRecord[]> {
  const file = join(dir, HISTORY_FILE);
  try {
    await access(file);
  } catch {
    return [];
  }
  return readHistory(file);
}

/**
 * Loads the model saved in `dir` by `train`.
 *
 * @throws CliError when the file is missing, not JSON, or not a model.
 */
export async function readModelDir(dir: string): Promise<CaseModel> {
  const file = join(dir, MODEL_FILE);
  const text = await readText(file);
  try {
    return deserialiseCaseModel(JSON.parse(text) as unknown);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`, EXIT.failure, { cause: error });
  }
}
