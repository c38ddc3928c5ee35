import type { CaseRecord } from '@triage/shared';
import { tokenize, wordNgrams } from '../text/index';
import type { ClassProbability } from './case-model';
import { visibleText } from './features';

/**
 * Multinomial naive Bayes over word unigrams and bigrams with add-alpha smoothing. It is the plain
 * baseline `eval` measures the engine against, not part of the engine: a textbook classifier any team
 * could run on the same split, so "better than" means better than something real.
 */
export interface NaiveBayesModel {
  classes: string[];
  logPrior: Float64Array;
  /** Per term, log P(term | class) for every class. */
  logLikelihood: Map<string, Float64Array>;
}

/** The terms naive Bayes reads: word unigrams and bigrams of the same visible text as the engine. */
export function naiveBayesTerms(record: CaseRecord): string[] {
  const { subject, body } = visibleText(record);
  const tokens = tokenize(`${subject}\n${body}`);
  return [...tokens, ...wordNgrams(tokens, 2)];
}

/** Trains on `(terms, label)` examples; `alpha` is the Laplace/Lidstone smoothing count. */
export function trainNaiveBayes(
  examples: readonly { terms: readonly string[]; label: string }[],
  alpha = 1,
): NaiveBayesModel {
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const docs = new Float64Array(classes.length);
  const totals = new Float64Array(classes.length);
  const counts = new Map<string, Float64Array>();
  for (const { terms, label } of examples) {
    const c = classIndex.get(label) ?? 0;
    docs[c] = (docs[c] ?? 0) + 1;
    for (const term of terms) {
      let row = counts.get(term);
      if (!row) {
        row = new Float64Array(classes.length);
        counts.set(term, row);
      }
      row[c] = (row[c] ?? 0) + 1;
      totals[c] = (totals[c] ?? 0) + 1;
    }
  }
  const vocabulary = counts.size;
  const logPrior = docs.map((d) => Math.log(d / Math.max(1, examples.length)));
  const logLikelihood = new Map<string, Float64Array>();
  for (const [term, row] of counts) {
    logLikelihood.set(
      term,
      row.map((n, c) => Math.log((n + alpha) / ((totals[c] ?? 0) + alpha * vocabulary))),
    );
  }
  return { classes, logPrior, logLikelihood };
}

/** Posterior over the classes, most likely first. Terms never seen in training are ignored. */
export function predictNaiveBayes(model: NaiveBayesModel, terms: readonly string[]): ClassProbability[] {
  const score = Float64Array.from(model.logPrior);
  for (const term of terms) {
    const row = model.logLikelihood.get(term);
    if (!row) continue;
    for (let c = 0; c < score.length; c++) score[c] = (score[c] ?? 0) + (row[c] ?? 0);
  }
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.classes
    .map((label, c) => ({ label, probability: (exp[c] ?? 0) / sum }))
    .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
}
