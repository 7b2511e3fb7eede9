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

/** Runs a global regex over a line and turns each match into a finding; matches that explain nothing are dropped. */
export function eachMatch(line: string, pattern: RegExp, build: (m: RegExpExecArray) => (Explanation | undefined)[]): Finding[] {
  const out: Finding[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    const items = build(m).filter((i): i is Explanation => i !== undefined);
    if (items.length > 0) out.push({ start: m.index, end: m.index + m[0].length, items });
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}
