import { Accordion } from '@zendeskgarden/react-accordions';
import { Anchor, Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, Paragraph, SM } from '@zendeskgarden/react-typography';
import type { PacketView } from '@triage/shared';
import { formatTime, type MessageKey } from '../../lib/i18n';
import { useI18n } from '../hooks/use-i18n';
import { HUE } from './tone';

/** Links to sources open outside the sidebar; only http(s) ever becomes a link. */
function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** The glance: classification chips, raised flags, route and confidence, the SLA clock. */
export function PacketSummary({ view }: { view: PacketView }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="triage-summary" className="triage-block">
      <MD isBold id="triage-summary" tag="h2">
        {t('summary')}
      </MD>
      <ul className="triage-tags" aria-label={t('summary')}>
        {view.summary.map((c) => (
          <li key={c.key}>
            <Tag hue={HUE[c.tone]} size="small" title={c.reasons.map((r) => r.text).join('\n')}>
              {c.label}: {c.value} · {c.confidencePct}%
            </Tag>
          </li>
        ))}
      </ul>
      <ul className="triage-tags" aria-label={t('flags')}>
        {view.flags.length === 0 ? (
          <li>
            <SM>{t('no_flags')}</SM>
          </li>
        ) : (
          view.flags.map((f) => (
            <li key={f.key}>
              <Tag hue={HUE[f.tone]} size="small" title={f.reasons.map((r) => r.text).join('\n')}>
                {f.label}
              </Tag>
            </li>
          ))
        )}
      </ul>
      <div className="triage-route" aria-label={t('route')}>
        <SM isBold>{t('route')}</SM>{' '}
        {view.route.needsHuman ? (
          <strong>{t('needs_human')}</strong>
        ) : (
          <strong data-testid="route-queue">{view.route.queue}</strong>
        )}{' '}
        <SM tag="span">{t('confidence', { pct: view.route.confidencePct })}</SM>
        {view.route.alternatives.length > 0 && (
          <SM>
            {t('alternatives', {
              list: view.route.alternatives.map((a) => `${a.queue} ${a.confidencePct}%`).join(', '),
            })}
          </SM>
        )}
      </div>
      {view.sla && (
        <div className="triage-sla" aria-label="SLA">
          <Tag hue={HUE[view.sla.tone]} size="small">
            {t('sla', { state: view.sla.state })}
          </Tag>{' '}
          {view.sla.dueAt && <SM tag="span">{t('sla_due', { time: formatTime(view.sla.dueAt, locale) })}</SM>}
          {view.sla.resolutionDueAt && (
            <SM>{t('sla_resolution_due', { time: formatTime(view.sla.resolutionDueAt, locale) })}</SM>
          )}
        </div>
      )}
    </section>
  );
}

const STATUS_KEY: Record<string, MessageKey> = {
  ok: 'source_status_ok',
  slow: 'source_status_slow',
  failed: 'source_status_failed',
  'circuit-open': 'source_status_circuit_open',
  'not-configured': 'source_status_not_configured',
};

/** Evidence, the missing-data checklist and the matches, folded so the glance stays on one screen. */
export function PacketDetails({
  view,
  onAsk,
}: {
  view: PacketView;
  /** Puts a question to the customer into the comment box. */
  onAsk: (question: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Accordion level={3} isCompact isExpandable isCollapsible defaultExpandedSections={[]}>
      <Accordion.Section>
        <Accordion.Header>
          <Accordion.Label>
            {t('evidence')} ({view.evidence.reduce((n, g) => n + g.items.length, 0)})
          </Accordion.Label>
        </Accordion.Header>
        <Accordion.Panel>
          {view.evidence.map((group) => (
            <div key={group.source} className="triage-source" data-source-status={group.status}>
              <SM isBold>
                {group.source}{' '}
                <Tag hue={HUE[group.tone]} size="small">
                  {t(STATUS_KEY[group.status] ?? 'source_status_failed')}
                </Tag>
              </SM>
              {group.reason && <SM>{group.reason}</SM>}
              {group.items.length === 0 && group.status === 'ok' && <SM>{t('no_evidence')}</SM>}
              <ul>
                {group.items.map((item) => {
                  const href = safeHref(item.url);
                  return (
                    <li key={item.id}>
                      {href ? (
                        <Anchor href={href} target="_blank" rel="noopener noreferrer" isExternal>
                          {item.title}
                        </Anchor>
                      ) : (
                        <span>{item.title}</span>
                      )}
                      {item.sensitive ? <SM>{t('sensitive')}</SM> : item.excerpt && <SM>{item.excerpt}</SM>}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </Accordion.Panel>
      </Accordion.Section>
      <Accordion.Section>
        <Accordion.Header>
          <Accordion.Label>
            {t('missing')} ({view.missing.length})
          </Accordion.Label>
        </Accordion.Header>
        <Accordion.Panel>
          {view.missing.length === 0 ? (
            <SM>{t('nothing_missing')}</SM>
          ) : (
            <ul className="triage-checklist">
              {view.missing.map((m) => (
                <li key={m.key}>
                  <SM isBold>{m.label}</SM>
                  <SM>{m.why}</SM>
                  <Paragraph size="small">
                    {t('ask_customer')}: “{m.question}”
                  </Paragraph>
                  <Button size="small" isBasic onClick={() => onAsk(m.question)}>
                    {t('insert_question')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Accordion.Panel>
      </Accordion.Section>
      <Accordion.Section>
        <Accordion.Header>
          <Accordion.Label>
            {t('matches')} ({view.matches.reduce((n, g) => n + g.items.length, 0)})
          </Accordion.Label>
        </Accordion.Header>
        <Accordion.Panel>
          {view.matches.length === 0 && <SM>{t('no_matches')}</SM>}
          {view.matches.map((group) => (
            <div key={group.kind}>
              <SM isBold>{group.label}</SM>
              <ul>
                {group.items.map((m) => {
                  const href = safeHref(m.url);
                  return (
                    <li key={`${group.kind}:${m.ref}`}>
                      {href ? (
                        <Anchor href={href} target="_blank" rel="noopener noreferrer" isExternal>
                          {m.title}
                        </Anchor>
                      ) : (
                        <span>{m.title}</span>
                      )}{' '}
                      <SM tag="span">
                        {t('match_score', { pct: m.scorePct })}
                        {m.duplicate ? ` · ${t('duplicate')}` : ''}
                      </SM>
                      <SM>{m.why}</SM>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </Accordion.Panel>
      </Accordion.Section>
    </Accordion>
  );
}

/** A partial packet says so, and names the sources that did not answer. */
export function PartialEvidenceNotice({ view }: { view: PacketView }) {
  const { t } = useI18n();
  const failing = view.evidence.filter((g) => g.status !== 'ok' && g.status !== 'not-configured');
  if (failing.length === 0) return null;
  return (
    <Alert type="warning" role="status">
      <Alert.Paragraph>{t('evidence_partial')}</Alert.Paragraph>
      <ul>
        {failing.map((g) => (
          <li key={g.source}>
            {t('source_failed', { source: g.source })}
            {g.reason ? `: ${g.reason}` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function FirstAction({ view }: { view: PacketView }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="triage-first-action" className="triage-block">
      <MD isBold id="triage-first-action" tag="h2">
        {t('first_action')}
      </MD>
      <Paragraph size="small">{view.firstAction.text}</Paragraph>
    </section>
  );
}
