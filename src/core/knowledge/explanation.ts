import { curated, curatedAliases, type CuratedExplanation } from './curated';

export type ExplanationKind = 'openssl-error' | 'ssl-error' | 'x509-verify' | 'errno' | 'tls-alert' | 'node-error' | 'tool-message';

export type DetailValue = string | number | boolean | null | readonly string[];

/** One explained error: the item of `openssl-doctor explain --json` (DESIGN.md), shared by hovers and the command. */
export interface Explanation {
  readonly kind: ExplanationKind;
  /** The text that was recognised. */
  readonly input: string;
  /** The canonical macro or name. */
  readonly name: string;
  readonly summary: string;
  /** Usual causes, most likely first, each with how to confirm it. */
  readonly causes: readonly string[];
  /** Fixes, prefixed "Client:" or "Server:" when they are for one side. */
  readonly fixes: readonly string[];
  readonly details: Readonly<Record<string, DetailValue>>;
  /** True when the text comes from the curated explanations rather than generated from the tables. */
  readonly curated: boolean;
}

export function curatedFor(name: string): CuratedExplanation | undefined {
  return curated[name] ?? curated[curatedAliases[name] ?? ''];
}

/** Fills summary, causes and fixes from the curated entry when there is one, else from `generated`. */
export function withExplanation(
  base: { kind: ExplanationKind; input: string; name: string; details: Record<string, DetailValue> },
  generated: { summary: string; causes: readonly string[]; fixes: readonly string[]; versions?: readonly string[] },
  curatedName = base.name,
): Explanation {
  const entry = curatedFor(curatedName);
  if (!entry) {
    const details = generated.versions?.length ? { ...base.details, versionNotes: generated.versions } : base.details;
    return { ...base, details, summary: generated.summary, causes: generated.causes, fixes: generated.fixes, curated: false };
  }
  const versions = [...(entry.versions ?? []), ...(generated.versions ?? [])];
  return {
    ...base,
    summary: entry.summary,
    causes: entry.causes.map((c) => `${c.cause} Confirm: ${c.confirm}`),
    fixes: [...entry.client.map((f) => `Client: ${f}`), ...entry.server.map((f) => `Server: ${f}`)],
    details: versions.length > 0 ? { ...base.details, versionNotes: versions } : base.details,
    curated: true,
  };
}
