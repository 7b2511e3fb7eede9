import { rememberingLast } from '../memo';
import type { SyntaxNode as Node } from './syntaxTree';
import type { TextEdit } from './rule';
import { indentationAt, lineEnding, lineStartOf } from './syntax';

/**
 * The file's indentation step: a tab if lines start with tabs, else the most common small space step (fixes ask it
 * of the same text many times: the last answer is kept).
 */
export const indentUnit = rememberingLast((text: string): string => {
  const sample = text.slice(0, 100_000);
  if (/^\t/m.test(sample) && !/^ {2,}\S/m.test(sample)) return '\t';
  return /^ {2}\S/m.test(sample) && !/^ {4}\S/m.test(sample) ? '  ' : '    ';
});

/** A name not yet used as an identifier in `scope` (the function text): `base`, then `base2`, `base3`… */
export function uniqueName(scope: string, base: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!new RegExp(`\\b${name}\\b`).test(scope)) return name;
  }
}

/** Where to insert statements at the top of a `{ … }` block: right after the brace, and the indentation to use. */
export function blockStart(text: string, block: Node): { offset: number; indent: string; eol: string } {
  const eol = lineEnding(text);
  const first = block.namedChildren.find((c) => c !== null && c.type !== 'comment');
  const indent = first && text.lastIndexOf('\n', first.startIndex) > block.startIndex
    ? indentationAt(text, first.startIndex)
    : indentationAt(text, block.startIndex) + indentUnit(text);
  // Keep a comment that follows the brace on its line: insert after it.
  const lineEnd = text.indexOf('\n', block.startIndex);
  const rest = text.slice(block.startIndex + 1, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const offset = /^\s*(?:\/\*.*?\*\/|\/\/.*)?\s*$/.test(rest) ? block.startIndex + 1 + rest.length : block.startIndex + 1;
  return { offset, indent, eol };
}

/** Re-indents a multi-line snippet written with `\n` and 4-space steps to the file's line ending and indentation. */
export function layout(snippet: string, indent: string, text: string): string {
  const unit = indentUnit(text);
  return snippet.split('\n').map((line) => {
    const depth = /^( {4})*/.exec(line)?.[0].length ?? 0;
    return line.length === 0 ? '' : indent + unit.repeat(depth / 4) + line.slice(depth);
  }).join(lineEnding(text));
}

/** The comment (block or line comment) that follows `node` on its line, if only blanks come between. */
export function trailingComment(text: string, node: Node): string | undefined {
  const newline = text.indexOf('\n', node.endIndex);
  const rest = text.slice(node.endIndex, newline === -1 ? text.length : newline).replace(/\r$/, '');
  return /^[ \t]*((?:\/\*.*?\*\/|\/\/.*))[ \t]*$/.exec(rest)?.[1];
}

/** An edit removing a statement: its whole line (a trailing comment included) when it stands alone on it. */
export function removeStatement(text: string, statement: Node): TextEdit {
  const lineStart = lineStartOf(text, statement.startIndex);
  const newline = text.indexOf('\n', statement.endIndex);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const rest = text.slice(statement.endIndex, lineEnd).replace(/\r?\n$/, '');
  const alone = /^[ \t]*$/.test(text.slice(lineStart, statement.startIndex)) && (/^[ \t]*$/.test(rest) || trailingComment(text, statement) !== undefined);
  return alone ? { start: lineStart, end: lineEnd, newText: '' } : { start: statement.startIndex, end: statement.endIndex, newText: '' };
}

/** An edit putting `line` on a line of its own after `statement` (after a trailing comment), with its indentation. */
export function insertLineAfter(text: string, statement: Node, line: string): TextEdit {
  const newline = text.indexOf('\n', statement.endIndex);
  const rest = text.slice(statement.endIndex, newline === -1 ? text.length : newline).replace(/\r$/, '');
  const offset = /^[ \t]*$/.test(rest) || trailingComment(text, statement) !== undefined ? statement.endIndex + rest.length : statement.endIndex;
  return { start: offset, end: offset, newText: `${lineEnding(text)}${indentationAt(text, statement.startIndex)}${line}` };
}

/** An edit putting `line` on a line of its own before `statement`, with its indentation. */
export function insertLineBefore(text: string, statement: Node, line: string): TextEdit {
  return { start: statement.startIndex, end: statement.startIndex, newText: `${line}${lineEnding(text)}${indentationAt(text, statement.startIndex)}` };
}
