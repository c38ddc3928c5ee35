import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';

/** A person the harness can sign in as, with the Jira permissions the fake Jira grants them. */
export interface HarnessAgent {
  accountId: string;
  name: string;
  permissions: readonly string[];
}

/** Two agents, so four-eyes approvals can be tried: an agent, and a lead who also administers the project. */
export const HARNESS_AGENTS: readonly HarnessAgent[] = [
  { accountId: '5b10a2844c20165700ede21g', name: 'Alex Agent', permissions: ['SERVICEDESK_AGENT'] },
  {
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    name: 'Lee Lead',
    permissions: ['SERVICEDESK_AGENT', 'ADMINISTER_PROJECTS'],
  },
];

/** The app's bot token the harness forwards; user tokens are `harness-user.<accountId>`. */
export const HARNESS_SYSTEM_TOKEN = 'harness-system-token';
export const harnessUserToken = (accountId: string) => `harness-user.${accountId}`;

/** What the fake Jira received: the comments and markers the write-backs made. */
export interface FakeJiraActivity {
  at: string;
  issueKey: string;
  kind: 'comment' | 'property' | 'labels' | 'other';
  /** `public: false` for an internal note. */
  public?: boolean;
  body?: string;
  /** Whose token made the call: an account id, `app` for the bot. */
  author: string;
}

const CommentBody = z.object({ body: z.string(), public: z.boolean() });

/**
 * A small Jira Cloud stand-in for `npm start`'s harness, mounted at `/harness/jsm/jira/ex/jira/:cloudId`
 * (the shape of a Forge `apiBaseUrl`). It answers the calls the backend makes for the panel: permissions
 * for role lookup, and the JSM comment and issue-property calls of a write-back, and records them so the
 * harness page can show the issue's activity. Tests use their own fake server instead.
 */
export function createFakeJira(): { router: Router; activity(issueKey: string): FakeJiraActivity[] } {
  const log: FakeJiraActivity[] = [];
  const properties = new Map<string, unknown>();
  const router = Router();
  const base = '/harness/jsm/jira/ex/jira/:cloudId/rest';

  function author(req: Request): string | undefined {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (token === HARNESS_SYSTEM_TOKEN) return 'app';
    const account = token?.startsWith('harness-user.') ? token.slice('harness-user.'.length) : undefined;
    return HARNESS_AGENTS.some((a) => a.accountId === account) ? account : undefined;
  }

  function unauthorized(res: Response) {
    res.status(401).json({ errorMessages: ['Unauthorized'] });
  }

  router.get(`${base}/api/3/mypermissions`, function myPermissions(req: Request, res: Response) {
    const who = author(req);
    if (who === undefined) {
      unauthorized(res);
      return;
    }
    const agent = HARNESS_AGENTS.find((a) => a.accountId === who);
    const asked = typeof req.query.permissions === 'string' ? req.query.permissions.split(',') : [];
    res.json({
      permissions: Object.fromEntries(
        asked.map((p) => [p, { key: p, havePermission: agent?.permissions.includes(p) ?? false }]),
      ),
    });
  });

  router.post(
    `${base}/servicedeskapi/request/:key/comment`,
    express.json(),
    function comment(req: Request, res: Response) {
      const who = author(req);
      if (who === undefined) {
        unauthorized(res);
        return;
      }
      const parsed = CommentBody.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ errorMessage: 'body and public are required' });
        return;
      }
      const issueKey = String(req.params.key);
      log.push({ at: new Date().toISOString(), issueKey, kind: 'comment', ...parsed.data, author: who });
      res
        .status(201)
        .json({ id: String(10_000 + log.length), body: parsed.data.body, public: parsed.data.public });
    },
  );

  router.put(
    `${base}/api/3/issue/:key/properties/:property`,
    express.json(),
    function putProperty(req: Request, res: Response) {
      const who = author(req);
      if (who === undefined) {
        unauthorized(res);
        return;
      }
      const issueKey = String(req.params.key);
      properties.set(`${issueKey}/${String(req.params.property)}`, req.body);
      log.push({ at: new Date().toISOString(), issueKey, kind: 'property', author: who });
      res.status(204).end();
    },
  );

  router.get(
    `${base}/api/3/issue/:key/properties/:property`,
    function getProperty(req: Request, res: Response) {
      if (author(req) === undefined) {
        unauthorized(res);
        return;
      }
      const value = properties.get(`${String(req.params.key)}/${String(req.params.property)}`);
      if (value === undefined) {
        res.status(404).json({ errorMessages: ['Not found'] });
        return;
      }
      res.json({ key: req.params.property, value });
    },
  );

  // What the JSM target reads to settle a write whose outcome it could not see (a pending marker): the
  // request's comments, oldest first, and the issue's property keys.
  router.get(
    `${base}/servicedeskapi/request/:key/comment`,
    function listComments(req: Request, res: Response) {
      if (author(req) === undefined) {
        unauthorized(res);
        return;
      }
      const issueKey = String(req.params.key);
      const values = log
        .map((a, i) => ({ a, id: String(10_000 + i + 1) }))
        .filter(({ a }) => a.issueKey === issueKey && a.kind === 'comment')
        .map(({ a, id }) => ({ id, body: a.body ?? '', public: a.public ?? false }));
      const start = Math.max(0, Number(req.query.start ?? 0) || 0);
      const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
      const page = values.slice(start, start + limit);
      res.json({ start, limit, size: page.length, isLastPage: start + limit >= values.length, values: page });
    },
  );

  router.get(`${base}/api/3/issue/:key/properties`, function listProperties(req: Request, res: Response) {
    if (author(req) === undefined) {
      unauthorized(res);
      return;
    }
    const prefix = `${String(req.params.key)}/`;
    const keys = [...properties.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => ({ key: k.slice(prefix.length) }));
    res.json({ keys });
  });

  return { router, activity: (issueKey) => log.filter((a) => a.issueKey === issueKey) };
}
