import type { LineIndex } from './positions';
import type { RuleMeta, TextEdit } from './rule';
import { indentationAt, lineEnding } from './syntax';

export const directivePrefix = 'openssl-doctor-disable';
const directive = /openssl-doctor-disable-(next-line|line|file)\b([^\n]*)/g;

/** The suppression comments of a file: `// openssl-doctor-disable-next-line A0, B5`, `-line`, `-file`. */
export class Suppressions {
  /** Rule ids or names per suppressed 0-based line; an empty set means every rule. */
  private readonly lines = new Map<number, Set<string> | 'all'>();
  private readonly file = new Set<string>();
  private fileAll = false;

  constructor(text: string, index: LineIndex) {
    if (!text.includes(directivePrefix)) return;
    for (const match of text.matchAll(directive)) {
      const [, kind, rest] = match;
      const ids = parseIds(rest ?? '');
      const line = index.position(match.index).line;
      if (kind === 'file') {
        if (ids.length === 0) this.fileAll = true;
        ids.forEach((id) => this.file.add(id));
        continue;
      }
      const target = kind === 'next-line' ? line + 1 : line;
      const existing = this.lines.get(target);
      if (ids.length === 0 || existing === 'all') this.lines.set(target, 'all');
      else this.lines.set(target, new Set([...(existing ?? []), ...ids]));
    }
  }

  isSuppressed(meta: RuleMeta, line: number): boolean {
    if (this.fileAll || this.file.has(meta.id) || this.file.has(meta.name)) return true;
    const entry = this.lines.get(line);
    return entry === 'all' || (entry !== undefined && (entry.has(meta.id) || entry.has(meta.name)));
  }
}

/** Rule ids after the directive, up to the end of the comment or a `--` description. */
function parseIds(rest: string): string[] {
  const body = rest.split(/\*\/|--/)[0] ?? '';
  return body.split(/[\s,]+/).filter((token) => /^(?:[A-D]\d{1,2}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)$/.test(token));
}

/**
 * The edit that disables `meta` on the line of `offset`: appends the id to a disable-next-line comment on the
 * line above, or inserts a new comment line with the line's indentation and the file's line ending.
 */
export function disableLineEdit(text: string, index: LineIndex, offset: number, meta: RuleMeta): TextEdit {
  const line = index.position(offset).line;
  const start = index.lineStart(line);
  if (line > 0) {
    const previousStart = index.lineStart(line - 1);
    const previous = text.slice(previousStart, start).replace(/\r?\n$/, '');
    const match = /^(\s*\/\/\s*openssl-doctor-disable-next-line\b)(.*)$/.exec(previous);
    if (match && !(match[2] ?? '').includes('--')) {
      const end = previousStart + previous.length;
      const ids = parseIds(match[2] ?? '');
      if (ids.length === 0) return { start: end, end, newText: '' };
      return { start: end, end, newText: `, ${meta.id}` };
    }
  }
  const indent = indentationAt(text, start);
  return { start, end: start, newText: `${indent}// openssl-doctor-disable-next-line ${meta.id}${lineEnding(text)}` };
}

/** The edit that disables `meta` for the whole file: a comment on the first line. */
export function disableFileEdit(text: string, meta: RuleMeta): TextEdit {
  return { start: 0, end: 0, newText: `/* openssl-doctor-disable-file ${meta.id} */${lineEnding(text)}` };
}
