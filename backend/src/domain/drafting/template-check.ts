import type { RiskClass } from '@triage/shared';
import type { Template } from '../tenant-config';
import { findCommitments } from './commitment-guard';
import { SLOT_NAMES } from './render';
import { findHiddenCharacters } from './sinks';

/** One reason a template cannot be published, safe to show an admin. */
export interface TemplateIssue {
  code: 'unknown_slot' | 'stray_braces' | 'hidden_characters' | 'undeclared_commitment';
  message: string;
}

const SLOT = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Checks a template before it joins the approved library: every `{{slot}}` is one the drafting engine
 * fills from packet fields or evidence, no stray braces could later read as template syntax, no hidden
 * characters, and every commitment it makes (dates, credits, root cause, guarantees) is declared in its
 * risk classes, so approving a draft from it always means approving that class.
 */
export function checkTemplate(template: Pick<Template, 'body' | 'riskClasses' | 'locale'>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [, name] of template.body.matchAll(SLOT)) {
    if (!(SLOT_NAMES as readonly string[]).includes(name ?? '')) {
      issues.push({
        code: 'unknown_slot',
        message: `{{${(name ?? '').slice(0, 40)}}} is not a slot; use one of: ${SLOT_NAMES.join(', ')}.`,
      });
    }
  }
  if (/\{\{|\}\}/.test(template.body.replace(SLOT, ''))) {
    issues.push({ code: 'stray_braces', message: 'Double braces outside a {{slot}} are not allowed.' });
  }
  if (findHiddenCharacters(template.body).length > 0) {
    issues.push({
      code: 'hidden_characters',
      message: 'The text holds zero-width or bidirectional control characters; remove them.',
    });
  }
  const declared = new Set<RiskClass>(template.riskClasses);
  for (const c of findCommitments(template.body, template.locale)) {
    if (!declared.has(c.riskClass)) {
      issues.push({
        code: 'undeclared_commitment',
        message: `"${c.phrase}" is a ${c.kind} commitment: declare the risk class ${c.riskClass} or reword it.`,
      });
    }
  }
  return issues;
}
