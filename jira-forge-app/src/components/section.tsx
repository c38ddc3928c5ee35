import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

/**
 * A collapsible panel section: a native disclosure, so it opens with Enter or Space and screen readers
 * announce its state without extra wiring.
 */
export function Section(props: { title: string; badge?: ReactNode; open?: boolean; children: ReactNode }) {
  return (
    <details
      open={props.open ?? true}
      style={{ borderTop: `1px solid ${token('color.border', '#DFE1E6')}`, padding: '8px 0' }}
    >
      <summary style={{ cursor: 'pointer', fontWeight: 600, display: 'flex', gap: 8, alignItems: 'center' }}>
        <h3 style={{ display: 'inline', font: 'inherit', margin: 0 }}>{props.title}</h3>
        {props.badge}
      </summary>
      <div style={{ paddingTop: 6 }}>{props.children}</div>
    </details>
  );
}

export const muted = { color: token('color.text.subtle', '#5E6C84'), fontSize: 12 } as const;
