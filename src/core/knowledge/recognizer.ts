import type { Explanation } from './explanation';

/** A span of a line (offsets into the line) and what it means. */
export interface Finding {
  readonly start: number;
  readonly end: number;
  readonly items: readonly Explanation[];
}

/** Which system a line comes from, when it says so; errno numbers depend on it. */
export type PlatformHint = 'windows' | 'macos' | 'linux' | undefined;

export type LineRecognizer = (line: string, hint: PlatformHint) => Finding[];

// Logs repeat the same messages with different timestamps: explaining each distinct match once keeps a big paste fast.
// Keyed by the pattern's source: a regex literal inside a function is a new object on every call.
const cache = new Map<string, Map<string, readonly Explanation[]>>();
const maxCachedPerPattern = 2_000;

/**
 * Runs a global regex over a line and turns each match into a finding; matches that explain nothing are dropped.
 * `build` must depend only on the match and `context` (anything else it reads from the line goes into `context`).
 */
export function eachMatch(line: string, pattern: RegExp, build: (m: RegExpExecArray) => (Explanation | undefined)[], context = ''): Finding[] {
  const out: Finding[] = [];
  let known = cache.get(pattern.source);
  if (!known) {
    known = new Map<string, readonly Explanation[]>();
    cache.set(pattern.source, known);
  }
  pattern.lastIndex = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    const key = `${context}\u0000${m[0]}`;
    let items = known.get(key);
    if (!items) {
      items = build(m).filter((i): i is Explanation => i !== undefined);
      if (known.size >= maxCachedPerPattern) known.clear();
      known.set(key, items);
    }
    if (items.length > 0) out.push({ start: m.index, end: m.index + m[0].length, items });
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}
