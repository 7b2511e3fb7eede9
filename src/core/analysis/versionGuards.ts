import type { SyntaxNode as Node } from './syntaxTree';
import type { TargetVersion } from './options';

/** A half-open range of OPENSSL_VERSION_NUMBER values, [min, max). */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export const openSsl110 = 0x10100000;
export const openSsl300 = 0x30000000;
export const openSsl400 = 0x40000000;

const targetRanges: Record<Exclude<TargetVersion, 'auto'>, VersionRange> = {
  '1.1.1': { min: 0x10101000, max: openSsl300 },
  '3.x': { min: openSsl300, max: openSsl400 },
};

const comparison = /OPENSSL_VERSION_NUMBER\s*(>=|<=|>|<)\s*(0[xX][0-9a-fA-F]+)[uUlL]*/;

/** The range a `#if` condition allows, when it is one comparison of OPENSSL_VERSION_NUMBER (possibly `&&`-joined with others). */
function conditionRange(condition: Node | null, holds: boolean): VersionRange | undefined {
  if (!condition) return undefined;
  const text = condition.text;
  // `a || b` says nothing certain about either side; a negated comparison is not worth guessing.
  if (text.includes('||') || /!\s*\(/.test(text)) return undefined;
  const match = comparison.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  // Only a lone comparison can be negated soundly (`#else` of `A && B` does not imply !A).
  if (!holds && text.includes('&&')) return undefined;
  const value = parseInt(match[2], 16);
  const op = holds ? match[1] : ({ '>=': '<', '<': '>=', '>': '<=', '<=': '>' } as const)[match[1] as '>=' | '<' | '>' | '<='];
  switch (op) {
    case '>=': return { min: value, max: Infinity };
    case '>': return { min: value + 1, max: Infinity };
    case '<': return { min: 0, max: value };
    default: return { min: 0, max: value + 1 };
  }
}

/** The OpenSSL versions the enclosing `#if OPENSSL_VERSION_NUMBER …` / `#else` / `#elif` branches compile for. */
export function guardRange(node: Node): VersionRange | undefined {
  let range: VersionRange | undefined;
  const narrow = (r: VersionRange | undefined) => {
    if (r) range = { min: Math.max(range?.min ?? 0, r.min), max: Math.min(range?.max ?? Infinity, r.max) };
  };
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (!parent.type.startsWith('preproc_')) continue;
    const isAlternative = parent.childForFieldName('alternative')?.id === child.id;
    const condition = parent.childForFieldName('condition');
    if (condition?.id === child.id) continue;
    if (parent.type === 'preproc_if' || parent.type === 'preproc_elif') narrow(conditionRange(condition, !isAlternative));
  }
  return range;
}

/**
 * The versions code at `node` is compiled for: the `#if` guards around it, within the configured target line.
 * With `auto` and no guard, current OpenSSL (3.x and later) is assumed. An empty range means the code is not
 * built for the target.
 */
export function versionRangeAt(node: Node, target: TargetVersion): VersionRange {
  const guards = guardRange(node);
  const base = target === 'auto' ? (guards ? { min: 0, max: Infinity } : { min: openSsl300, max: Infinity }) : targetRanges[target];
  return guards ? { min: Math.max(base.min, guards.min), max: Math.min(base.max, guards.max) } : base;
}

export function isEmptyRange(range: VersionRange): boolean {
  return range.min >= range.max;
}
