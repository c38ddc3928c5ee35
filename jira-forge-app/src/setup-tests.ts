import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// The Forge bridge only exists inside Jira; every test drives the seam through this one mock.
vi.mock('@forge/bridge', () => ({
  invokeRemote: vi.fn(),
  view: { getContext: vi.fn(), theme: { enable: vi.fn(() => Promise.resolve()) } },
  events: { on: vi.fn(() => Promise.resolve({ unsubscribe: vi.fn() })) },
}));

// jsdom has no matchMedia; Atlaskit reads it for reduced motion and colour scheme.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

afterEach(() => {
  cleanup();
});
