import type { FirstAction, MissingItem, Reason, Route } from '@triage/shared';
import { describeTrace, matchRules } from '../rules';
import { round } from './case-facts';
import type { Classified } from './classify';
import type { Matched } from './match';
import type { TriageInput } from './types';

/**
 * Routes to a queue from the tenant's rules combined with the learned queue model. A rule that matches sets
 * the queue (policy beats history); the model's agreement raises confidence and its other classes become the
 * alternatives. Below the tenant's threshold the packet asks a person to route rather than guess.
 */
export function routeCase(input: TriageInput, classified: Classified): Route {
  const { routing } = input.config;
  const ruleMatch = matchRules(routing.rules, classified.ruleFacts)[0];
  const learned = input.predictions.find((p) => p.key === 'queue');
  const learnedTop = learned?.classes[0];
  const because: Reason[] = [];
  let queue: string | null = null;
  let confidence = 0;

  if (ruleMatch) {
    queue = ruleMatch.rule.queue;
    const agree = learned?.classes.find((c) => c.value === queue)?.p ?? null;
    // History that strongly prefers another queue lowers confidence, possibly below the threshold:
    // a rule and the team's own past decisions disagreeing is exactly when a person should look.
    const rival = learned?.classes.find((c) => c.value !== queue);
    const contradiction = rival && agree !== null && rival.p >= 0.8 && agree < 0.1 ? rival.p : 0;
    confidence = round(Math.max(0.3, Math.min(0.97, 0.8 + (agree ?? 0) * 0.17 - 0.3 * contradiction)));
    because.push({
      kind: 'rule',
      ruleId: ruleMatch.rule.id,
      detail: `${ruleMatch.rule.description} (${describeTrace(ruleMatch.trace)})`,
    });
    if (learned && agree !== null) {
      because.push({
        kind: 'model',
        model: learned.model,
        detail:
          rival && contradiction > 0
            ? `history disagrees: the model gives ${queue} p=${agree.toFixed(2)} but ${rival.value} p=${rival.p.toFixed(2)}`
            : `model gives ${queue} p=${agree.toFixed(2)}`,
      });
    }
  } else if (learned && learnedTop) {
    queue = learnedTop.value;
    confidence = round(learnedTop.p);
    because.push({
      kind: 'model',
      model: learned.model,
      detail: learned.explanation.slice(0, 4).join('; ') || 'learned from history',
    });
  } else if (routing.defaultQueue) {
    queue = routing.defaultQueue;
    confidence = 0.3;
    because.push({
      kind: 'rule',
      ruleId: 'routing.default',
      detail: `no rule or model; tenant default queue ${routing.defaultQueue}`,
    });
  } else {
    because.push({
      kind: 'rule',
      ruleId: 'routing.none',
      detail: 'no routing rule matched and no queue model is trained',
    });
  }

  const alternatives = (learned?.classes ?? [])
    .filter((c) => c.value !== queue)
    .slice(0, 3)
    .map((c) => ({ queue: c.value, confidence: round(c.p) }));
  const needsHuman = queue === null || confidence < routing.threshold;
  if (needsHuman && queue !== null) {
    because.push({
      kind: 'rule',
      ruleId: 'routing.threshold',
      detail: `confidence ${confidence.toFixed(2)} is below the tenant threshold ${routing.threshold}`,
    });
  }
  return {
    queue: needsHuman ? null : queue,
    confidence,
    needsHuman,
    threshold: routing.threshold,
    alternatives: needsHuman && queue ? [{ queue, confidence }, ...alternatives].slice(0, 3) : alternatives,
    because,
  };
}

/**
 * The first thing a specialist should do: the first step of the best-matching approved troubleshooting
 * procedure, with an open incident or a strong known issue named beside it. Without a matching procedure,
 * the incident or known issue itself, then the first missing item, then a review of the evidence.
 */
export function firstActionFor(
  matched: Matched,
  missing: readonly MissingItem[],
  classified: Classified,
): FirstAction {
  const step = matched.troubleshooting[0];
  const known = matched.knownIssues[0];
  const incident = matched.matches.find((m) => m.kind === 'incident');
  const strongIncident = incident && incident.score >= 0.7 ? incident : undefined;
  const strongKnown = known && known.score >= 0.6 ? known : undefined;
  if (step) {
    const context = strongIncident
      ? {
          note: ` Open incident "${strongIncident.title}" matches this case.`,
          because: strongIncident.because,
        }
      : strongKnown
        ? { note: ` Known issue "${strongKnown.title}" matches this case.`, because: strongKnown.because }
        : { note: '', because: [] };
    return {
      text: `${step.step.title}: ${step.step.steps[0] ?? ''}${context.note}`,
      because: [...step.match.because, ...context.because],
    };
  }
  if (strongIncident) {
    return {
      text: `Confirm the customer is affected by the open incident "${strongIncident.title}" and link the case to it before troubleshooting.`,
      because: strongIncident.because,
    };
  }
  if (strongKnown) {
    return {
      text: `Check whether the customer's symptoms match known issue "${strongKnown.title}"${strongKnown.resolution ? `; if so, offer the workaround: ${strongKnown.resolution}` : ''}.`,
      because: strongKnown.because,
    };
  }
  const firstMissing = missing[0];
  if (firstMissing) {
    return {
      text: `Ask the customer: ${firstMissing.question || firstMissing.why}`,
      because: firstMissing.because,
    };
  }
  return {
    text: `Review the ${classified.product?.name ?? 'case'} history and the evidence below, then reproduce the reported behaviour.`,
    because: [
      {
        kind: 'rule',
        ruleId: 'first-action.default',
        detail: 'no troubleshooting step, known issue or missing item applied',
      },
    ],
  };
}
