/** Bumped whenever the engine's logic changes what a packet says for the same inputs. */
export const ENGINE_VERSION = 'triage-engine/0.2.0';

/**
 * The similar-case index as a packet's reasons name it. The index is rebuilt from the tenant's solved
 * cases by this engine's code, so the engine version is its version.
 */
export const CASE_INDEX_MODEL = `case-index@${ENGINE_VERSION}`;
