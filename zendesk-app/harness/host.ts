// The harness page's script: plays Zendesk for the sidebar iframe. It signs the app in through the
// development sign-in (a form POST into the iframe, as Zendesk POSTs its signed token), answers the ZAF
// calls from the demo ticket, shows what the app puts into the comment composer, and can pretend another
// agent saved the ticket.
import type { AppToHost, HostToApp } from './protocol';

/** Messages arrive as `unknown`: only the tag is trusted, and only from the sidebar's window. */
function isFromApp(data: unknown): data is AppToHost {
  return typeof data === 'object' && data !== null && 'source' in data && data.source === 'zaf-fake';
}

interface HarnessTicket {
  id: number;
  caseRef: string;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  tags: string[];
  channel: string | null;
  updatedAt: string;
  requester: { id: string | null; name: string | null; email: string | null };
}

interface HarnessData {
  ticket: HarnessTicket;
  locale: string;
}

const dataElement = document.getElementById('harness-ticket');
const frame = document.getElementById('zendesk-sidebar');
const form = document.getElementById('sign-in');
const composer = document.getElementById('composer');
const commentType = document.getElementById('comment-type');
const log = document.getElementById('host-log');

if (
  dataElement &&
  frame instanceof HTMLIFrameElement &&
  form instanceof HTMLFormElement &&
  composer instanceof HTMLTextAreaElement
) {
  const data = JSON.parse(dataElement.textContent || 'null') as HarnessData;
  const ticket = data.ticket;
  let type: 'internalNote' | 'publicReply' = 'publicReply';

  const say = (text: string) => {
    if (log) log.textContent = text;
  };

  const ticketValues: Record<string, unknown> = {
    'ticket.id': ticket.id,
    'ticket.subject': ticket.subject,
    'ticket.description': ticket.description,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'ticket.tags': ticket.tags,
    'ticket.updatedAt': ticket.updatedAt,
    'ticket.via': { channel: ticket.channel },
    'ticket.requester': {
      id:
        ticket.requester.id === null
          ? undefined
          : Number(ticket.requester.id.replace(/\D/g, '')) || undefined,
      name: ticket.requester.name,
      email: ticket.requester.email,
    },
    'currentUser.locale': data.locale,
  };

  const send = (message: HostToApp) => frame.contentWindow?.postMessage(message, window.location.origin);

  const answer = (message: Extract<AppToHost, { kind: 'call' }>): unknown => {
    switch (message.method) {
      case 'context':
        return { location: 'ticket_sidebar', ticketId: ticket.id, account: { subdomain: 'demo' } };
      case 'metadata':
        return { appId: 0, installationId: 0, settings: {} };
      case 'get': {
        const out: Record<string, unknown> = { errors: {} };
        for (const path of message.args[0]) {
          if (path in ticketValues) out[path] = ticketValues[path];
          else (out.errors as Record<string, unknown>)[path] = { message: `unknown path ${path}` };
        }
        return out;
      }
      case 'set': {
        const [path, value] = message.args;
        if (path !== 'ticket.comment.type' || (value !== 'internalNote' && value !== 'publicReply')) {
          throw new Error(`set ${path} is not supported by the harness`);
        }
        type = value;
        if (commentType)
          commentType.textContent = value === 'internalNote' ? 'Internal note' : 'Public reply';
        return { [path]: value };
      }
      case 'invoke': {
        const [name, ...rest] = message.args;
        if (name === 'resize') {
          const size = rest[0] as { height?: string } | undefined;
          if (size?.height) frame.style.height = size.height;
          return null;
        }
        if (name === 'ticket.comment.appendText') {
          composer.value += typeof rest[0] === 'string' ? rest[0] : '';
          say(
            `Inserted into the composer as ${type === 'internalNote' ? 'an internal note' : 'a public reply'}.`,
          );
          return null;
        }
        if (name === 'notify') {
          say(typeof rest[0] === 'string' ? rest[0] : '');
          return null;
        }
        throw new Error(`invoke ${name} is not supported by the harness`);
      }
    }
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
    const message = event.data;
    if (!isFromApp(message)) return;
    if (message.kind === 'hello') {
      send({
        source: 'zaf-host',
        kind: 'event',
        event: 'app.registered',
        data: { context: {}, metadata: {} },
      });
      return;
    }
    try {
      send({ source: 'zaf-host', kind: 'result', id: message.id, ok: true, value: answer(message) });
    } catch (e) {
      send({
        source: 'zaf-host',
        kind: 'result',
        id: message.id,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  });

  document.getElementById('simulate-update')?.addEventListener('click', () => {
    ticketValues['ticket.updatedAt'] = new Date().toISOString();
    send({ source: 'zaf-host', kind: 'event', event: 'ticket.updated' });
    say('Another agent updated the ticket.');
  });

  form.submit();
}
