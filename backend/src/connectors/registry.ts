import type { Capability, ConnectorRegistry, EvidenceSource } from './types';

/** A registry over a fixed list of sources. Ids must be unique: a duplicate is a configuration error. */
export function createRegistry(sources: readonly EvidenceSource[]): ConnectorRegistry {
  const byId = new Map<string, EvidenceSource>();
  for (const s of sources) {
    if (byId.has(s.id)) throw new Error(`two evidence sources share the id "${s.id}"`);
    byId.set(s.id, s);
  }
  return {
    list: () => [...byId.values()],
    byId: (id) => byId.get(id),
    byCapability: (c: Capability) => [...byId.values()].filter((s) => s.capabilities.includes(c)),
  };
}
