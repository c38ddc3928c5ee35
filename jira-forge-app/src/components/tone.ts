import type { Tone } from '@triage/shared';

/** Lozenge appearances for the view-model's tones. */
export const LOZENGE: Record<Tone, 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success'> = {
  neutral: 'default',
  info: 'inprogress',
  success: 'success',
  warning: 'moved',
  danger: 'removed',
};
