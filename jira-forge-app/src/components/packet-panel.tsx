import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import type { ActionView, PacketView, ReasonView } from '@triage/shared';
import { labelFor, type Translate } from '../lib/i18n';
import { ActionCard } from './action-card';
import { muted, Section } from './section';
import { LOZENGE } from './tone';

function Because(props: { reasons: ReasonView[] }) {
  if (props.reasons.length === 0) return null;
  return (
    <ul style={{ ...muted, margin: '2px 0 6px', paddingLeft: 16 }}>
      {props.reasons.map((r) => (
        <li key={`${r.kind}:${r.ref}:${r.text}`}>
          {r.text} <span>({r.ref})</span>
        </li>
      ))}
    </ul>
  );
}

function timeAgo(iso: string, locale: string): string {
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

export interface PacketPanelProps {
  view: PacketView;
  actions: ActionView[];
  t: Translate;
  locale: string;
  stale: boolean;
  refreshing: boolean;
  /** Rebuilds the packet (`?refresh=true`). */
  onRefresh: () => void;
  onActionReplaced: (next: ActionView) => void;
}

/**
 * The packet's sections in the same order as the Zendesk sidebar (both render the shared view-model):
 * summary and flags, route and first action, SLA, the action cards, missing information, evidence by
 * source (with each source's status), and matches.
 */
export function PacketPanel(props: PacketPanelProps) {
  const { view, t } = props;
  const unavailable = view.evidence.filter((e) => e.status !== 'ok' && e.status !== 'not-configured');
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <div>
          <div style={{ fontWeight: 600 }}>{view.caseRef}</div>
          <div style={muted}>
            {t('builtAt', { time: timeAgo(view.builtAt, props.locale) })} · {t('completeness')}{' '}
            <Badge
              appearance={view.completenessPct >= 80 ? 'added' : 'default'}
            >{`${view.completenessPct}%`}</Badge>
          </div>
        </div>
        <Button appearance="subtle" isLoading={props.refreshing} onClick={props.onRefresh}>
          {t('refresh')}
        </Button>
      </div>

      {props.stale && (
        <div role="status" style={{ marginTop: 6 }}>
          <SectionMessage appearance="information">
            <p>{t('stale')}</p>
          </SectionMessage>
        </div>
      )}
      {unavailable.length > 0 && (
        <div style={{ marginTop: 6 }}>
          <SectionMessage appearance="warning">
            <p>{t('partial', { sources: unavailable.map((e) => e.source).join(', ') })}</p>
          </SectionMessage>
        </div>
      )}

      <Section title={t('summary')}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {view.summary.map((chip) => (
            <span key={chip.key} title={chip.reasons.map((r) => r.text).join('\n')}>
              <span style={muted}>{chip.label}: </span>
              <Lozenge appearance={LOZENGE[chip.tone]}>{chip.value}</Lozenge>{' '}
              <span style={muted}>{chip.confidencePct}%</span>
            </span>
          ))}
        </div>
      </Section>

      <Section title={t('flags')} badge={<Badge>{view.flags.length}</Badge>}>
        {view.flags.length === 0 ? (
          <p style={muted}>{t('noFlags')}</p>
        ) : (
          view.flags.map((f) => (
            <div key={f.key}>
              <Lozenge appearance={LOZENGE[f.tone]}>{f.label}</Lozenge>
              <Because reasons={f.reasons} />
            </div>
          ))
        )}
      </Section>

      <Section title={t('route')}>
        <div>
          <strong>{view.route.queue ?? '—'}</strong> <span style={muted}>{view.route.confidencePct}%</span>
        </div>
        {view.route.needsHuman && <p style={muted}>{t('needsHuman')}</p>}
        {view.route.alternatives.length > 0 && (
          <div style={muted}>
            {t('alternatives')}:{' '}
            {view.route.alternatives.map((a) => `${a.queue} ${a.confidencePct}%`).join(', ')}
          </div>
        )}
        <Because reasons={view.route.reasons} />
        <div style={{ fontWeight: 600 }}>{t('firstAction')}</div>
        <p style={{ margin: '2px 0' }}>{view.firstAction.text}</p>
        <Because reasons={view.firstAction.reasons} />
      </Section>

      {view.sla && (
        <Section title={t('sla')}>
          <Lozenge appearance={LOZENGE[view.sla.tone]}>{view.sla.state}</Lozenge>
          <p style={muted}>{view.sla.detail}</p>
        </Section>
      )}

      <Section title={t('actions')} badge={<Badge>{props.actions.length}</Badge>}>
        {props.actions.length === 0 ? (
          <p style={muted}>{t('noActions')}</p>
        ) : (
          props.actions.map((a) => (
            <ActionCard key={a.id} action={a} t={t} onReplaced={props.onActionReplaced} />
          ))
        )}
      </Section>

      <Section
        title={t('missing')}
        badge={<Badge>{view.missing.length}</Badge>}
        open={view.missing.length > 0}
      >
        <ul style={{ paddingLeft: 16, margin: 0 }}>
          {view.missing.map((m) => (
            <li key={m.key}>
              <strong>{m.label}</strong> <span style={muted}>{m.why}</span>
              <div>
                {t('ask')}: “{m.question}”
              </div>
            </li>
          ))}
        </ul>
      </Section>

      <Section title={t('evidence')} open={false}>
        {view.evidence.map((group) => (
          <div key={group.source} style={{ marginBottom: 6 }}>
            <div>
              <strong>{group.source}</strong>{' '}
              <Lozenge appearance={LOZENGE[group.tone]}>
                {labelFor(t, `source_${group.status}`, group.status)}
              </Lozenge>
              {group.reason && <span style={muted}> {group.reason}</span>}
            </div>
            <ul style={{ paddingLeft: 16, margin: '2px 0' }}>
              {group.items.map((item) => (
                <li key={item.id}>
                  {item.url ? (
                    <a href={item.url} target="_blank" rel="noreferrer noopener">
                      {item.title}
                    </a>
                  ) : (
                    item.title
                  )}
                  {item.sensitive ? (
                    <div style={muted}>{t('sensitive')}</div>
                  ) : (
                    <div style={muted}>{item.excerpt}</div>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Section>

      <Section title={t('matches')} open={false}>
        {view.matches.map((group) => (
          <div key={group.kind}>
            <div style={{ fontWeight: 600 }}>{group.label}</div>
            <ul style={{ paddingLeft: 16, margin: '2px 0' }}>
              {group.items.map((m) => (
                <li key={m.ref}>
                  {m.url ? (
                    <a href={m.url} target="_blank" rel="noreferrer noopener">
                      {m.ref}
                    </a>
                  ) : (
                    m.ref
                  )}{' '}
                  {m.title} <span style={muted}>{m.scorePct}%</span>
                  <div style={muted}>{m.why}</div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Section>
    </div>
  );
}
