import { z } from 'zod';
import { adfToText } from './adf';
import { jiraApiTimestamp } from './jira-dates';
import { applyDuplicateLinks, isDuplicateLinkType, type DuplicateLinks } from './jira-duplicates';
import { ImportFormatError, type ImportIssue, type ImportResult } from './types';
import { validateCandidates } from './validate-record';

// Loose objects throughout: Jira adds `self`, `avatarUrls`, `expand` and new fields all the time,
// and a search response must not become unreadable because of them. Only the fields used below
// are checked; if one of them is malformed the issue is reported, not the file refused.
const Named = z.looseObject({ name: z.string() });

const JiraUser = z.looseObject({
  accountId: z.string().nullish(),
  // Jira Server/Data Center (REST v2) identifies users by key/name instead of accountId.
  key: z.string().nullish(),
  name: z.string().nullish(),
  emailAddress: z.string().nullish(),
  displayName: z.string().nullish(),
});
type JiraUser = z.infer<typeof JiraUser>;

const JiraComment = z.looseObject({
  author: JiraUser.nullish(),
  body: z.unknown().optional(),
  created: z.string().nullish(),
  jsdPublic: z.boolean().nullish(),
});

const JiraIssueLink = z.looseObject({
  type: z.looseObject({ name: z.string(), inward: z.string().nullish(), outward: z.string().nullish() }),
  inwardIssue: z.looseObject({ key: z.string() }).nullish(),
  outwardIssue: z.looseObject({ key: z.string() }).nullish(),
});

const JiraFields = z.looseObject({
  summary: z.string().nullish(),
  description: z.unknown().optional(),
  created: z.string().nullish(),
  updated: z.string().nullish(),
  resolutiondate: z.string().nullish(),
  status: Named.nullish(),
  priority: Named.nullish(),
  issuetype: Named.nullish(),
  labels: z.array(z.string()).nullish(),
  components: z.array(Named).nullish(),
  reporter: JiraUser.nullish(),
  project: z.looseObject({ key: z.string() }).nullish(),
  resolution: Named.nullish(),
  comment: z.looseObject({ comments: z.array(JiraComment) }).nullish(),
  issuelinks: z.array(JiraIssueLink).nullish(),
});

const JiraIssue = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  key: z.string().min(1),
  fields: JiraFields,
});
type JiraIssue = z.infer<typeof JiraIssue>;

const SearchPage = z.looseObject({
  issues: z.array(z.unknown()),
  // Present with `expand=names`: field id -> display name, used to name custom fields.
  names: z.record(z.string(), z.string()).optional(),
});
type SearchPage = z.infer<typeof SearchPage>;

const SearchExport = z.union([SearchPage, z.array(SearchPage)]);

// JSM's "Customer Request Type" field (its customfield id differs per site) holds an object with
// `requestType.name`; recognised by shape.
const RequestTypeValue = z.looseObject({ requestType: z.looseObject({ name: z.string() }) });

function userId(user: JiraUser | null | undefined): string | undefined {
  return user?.accountId ?? user?.key ?? user?.name ?? undefined;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Custom fields worth keeping: the JSM request type, and simple string/number values. */
function customFields(issue: JiraIssue, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(issue.fields)) {
    if (!id.startsWith('customfield_')) continue;
    const requestType = RequestTypeValue.safeParse(value);
    if (requestType.success) {
      out.request_type = requestType.data.requestType.name;
    } else if (
      (typeof value === 'string' && value.trim() !== '') ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      // Objects, arrays and ADF text areas are left out: their meaning depends on the field type,
      // and a half-understood value is worse for learning than none.
      out[names[id] ?? id] = value;
    }
  }
  return out;
}

function toCaseRecord(issue: JiraIssue, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const f = issue.fields;
  const record: Record<string, unknown> = { id: issue.key, source: 'jira' };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && value !== null && value !== '') record[key] = value;
  };
  const time = (value: string | null | undefined): string | undefined =>
    nonEmpty(value) === undefined ? undefined : jiraApiTimestamp(value ?? '');
  set('created_at', time(f.created));
  set('updated_at', time(f.updated));
  set('solved_at', time(f.resolutiondate));
  set('subject', nonEmpty(f.summary));
  set('description', nonEmpty(adfToText(f.description)));
  set('priority', nonEmpty(f.priority?.name)?.toLowerCase());
  set('status', nonEmpty(f.status?.name));
  if (f.labels?.length) record.tags = f.labels;
  // A case has one product; Jira teams usually model products/areas as components, and the first
  // listed is the primary one. The others are not lost from routing: they are rarely more than one.
  set('product', nonEmpty(f.components?.[0]?.name));
  const reporterId = userId(f.reporter);
  const requester = {
    id: reporterId,
    email: nonEmpty(f.reporter?.emailAddress),
    name: nonEmpty(f.reporter?.displayName),
  };
  if (Object.values(requester).some((v) => v !== undefined)) {
    record.requester = Object.fromEntries(Object.entries(requester).filter(([, v]) => v !== undefined));
  }
  const custom = customFields(issue, names);
  if (f.project?.key) custom.project = f.project.key;
  if (Object.keys(custom).length) record.custom_fields = custom;
  // Ground truth a team's history already has: how the issue was typed and how it ended.
  const labels: Record<string, string> = {};
  const issueType = nonEmpty(f.issuetype?.name);
  if (issueType) labels.issue_type = issueType;
  const resolution = nonEmpty(f.resolution?.name);
  if (resolution) {
    labels.resolution = resolution;
    record.resolution = resolution;
  }
  if (Object.keys(labels).length) record.labels = labels;
  const comments = (f.comment?.comments ?? [])
    .map((c) => {
      const author = userId(c.author);
      return {
        // Jira does not mark customers; in JSM the reporter is the customer, everyone else staff.
        author_role: author !== undefined && author === reporterId ? 'customer' : 'agent',
        author_id: author,
        // jsdPublic exists only in JSM projects; a plain Jira comment is visible to all who see the issue.
        public: c.jsdPublic ?? true,
        created_at: time(c.created),
        body: adfToText(c.body).trim(),
      };
    })
    .filter((c) => c.body !== '');
  if (comments.length) record.comments = comments;
  return record;
}

function duplicateLinks(issue: JiraIssue): DuplicateLinks {
  const duplicates: string[] = [];
  const duplicatedBy: string[] = [];
  for (const link of issue.fields.issuelinks ?? []) {
    if (!isDuplicateLinkType(link.type)) continue;
    if (link.outwardIssue) duplicates.push(link.outwardIssue.key);
    if (link.inwardIssue) duplicatedBy.push(link.inwardIssue.key);
  }
  return { duplicates, duplicatedBy };
}

function pagesOf(text: string): SearchPage[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFormatError(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = SearchExport.safeParse(json);
  if (!parsed.success) {
    throw new ImportFormatError(
      'expected a Jira issue search response ({"issues": [...]}) or a JSON array of such pages',
    );
  }
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}

/**
 * Imports Jira issue search results (`GET/POST /rest/api/3/search[/jql]`, or REST v2 with string
 * descriptions): one page `{"issues": [...]}` or a JSON array of pages. Issue keys become case ids,
 * ADF descriptions and comments become plain text, and Duplicate links become `duplicate_of` (see
 * {@link applyDuplicateLinks}). Issues are numbered 1, 2, ... across all pages; every rejected
 * issue is reported with that ordinal.
 *
 * @throws ImportFormatError when the file is not JSON or not a search response.
 */
export function importJiraJson(text: string): ImportResult {
  const issues: ImportIssue[] = [];
  const candidates: { line: number; value: unknown }[] = [];
  const links = new Map<string, DuplicateLinks>();
  let ordinal = 0;
  for (const page of pagesOf(text)) {
    const names = page.names ?? {};
    for (const raw of page.issues) {
      ordinal += 1;
      const issue = JiraIssue.safeParse(raw);
      if (!issue.success) {
        issues.push({
          line: ordinal,
          unit: 'issue',
          reason: z.prettifyError(issue.error).replace(/\n/g, ' '),
        });
        continue;
      }
      // First occurrence wins, as validateCandidates keeps the first record of a repeated key.
      if (!links.has(issue.data.key)) links.set(issue.data.key, duplicateLinks(issue.data));
      candidates.push({ line: ordinal, value: toCaseRecord(issue.data, names) });
    }
  }
  const result = validateCandidates(candidates, 'issue', issues);
  applyDuplicateLinks(result.records, links);
  return result;
}
