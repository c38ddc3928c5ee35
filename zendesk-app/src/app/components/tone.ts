import type { Tone } from '@triage/shared';

/** The view-model's tones as Garden tag hues. */
export const HUE: Record<Tone, string> = {
  neutral: 'grey',
  info: 'blue',
  success: 'green',
  warning: 'yellow',
  danger: 'red',
};
