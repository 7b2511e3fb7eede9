import type { SyntaxNode as Node } from './syntaxTree';
import type { FileContext } from './fileContext';
import { functionName } from './functionModel';
import { memoized } from '../memo';

/**
 * Deliberate security choices a function declares, so the verification rules can stay quiet there without the
 * linter being disabled: `// openssl-doctor: insecure-by-design <reason>` (verification skipped or non-fatal on
 * purpose, C1–C4) and `// openssl-doctor: private-ca <reason>` (the peer is identified by a private CA, not a host
 * name, C6 and C8). The reason is required; a directive without one has no effect.
 */
export type DeliberateChoice = 'insecure-by-design' | 'private-ca';

/** What every such directive starts with. */
export const deliberateMarker = 'openssl-doctor:';
const directive = /openssl-doctor:\s*(insecure-by-design|private-ca)\b[\s:,-]*([^\s*/].*)?/;

/** The function definition `node` belongs to (a lambda belongs to the function that contains it). */
export function enclosingFunction(node: Node): Node | undefined {
  for (let current: Node | null = node; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
  }
  return undefined;
}

/** The comments directly above `offset`, nearest first (blank lines between them are allowed; at most 50, in linear time). */
export function commentsAbove(text: string, offset: number): string[] {
  const comments: string[] = [];
  let end = offset;
  while (comments.length < 50) {
    while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
    if (text.endsWith('*/', end)) {
      const start = text.lastIndexOf('/*', end - 2);
      if (start < 0) break;
      comments.push(text.slice(start, end));
      end = start;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    // Only this line is searched (a search to the end of the text would make every call linear in the file).
    const line = text.slice(lineStart, end);
    const slash = line.indexOf('//');
    if (slash === -1 || line.slice(0, slash).trim() !== '') break;
    comments.push(line.slice(slash));
    end = lineStart + slash;
  }
  return comments;
}

/**
 * The comment text that documents a function: the comments in its definition and those directly above it (read
 * from the text, so a template or linkage wrapper in between does not matter).
 */
function functionComments(file: FileContext, definition: Node): string[] {
  const outer = definition.parent?.type === 'template_declaration' ? definition.parent : definition;
  return [...commentsInside(definition), ...file.commentsAbove(outer.startIndex)];
}

/** The comments in a definition (kept with its copy, which lints carry while its text is unchanged). */
const commentsInside = memoized((definition: Node): readonly string[] => definition.descendantsOfType('comment').map((c) => c.text));

const cache = new WeakMap<FileContext, Map<number, ReadonlySet<DeliberateChoice>>>();

/** The choices declared for the function around `node` (by comment, or `allowVerifyNone` for insecure-by-design). */
export function deliberateChoices(file: FileContext, node: Node): ReadonlySet<DeliberateChoice> {
  const definition = enclosingFunction(node);
  if (!definition) return new Set();
  let perFunction = cache.get(file);
  if (!perFunction) {
    perFunction = new Map();
    cache.set(file, perFunction);
  }
  const cached = perFunction.get(definition.id);
  if (cached) return cached;
  const choices = new Set<DeliberateChoice>();
  const name = functionName(definition);
  if (file.options.allowVerifyNone.includes(name) || file.options.allowVerifyNone.includes(name.split('::').at(-1) ?? name)) choices.add('insecure-by-design');
  if (file.hasDirectives) {
    for (const comment of functionComments(file, definition)) {
      const match = directive.exec(comment);
      if (match?.[1] && match[2]?.trim()) choices.add(match[1] as DeliberateChoice);
    }
  }
  perFunction.set(definition.id, choices);
  return choices;
}

/** Whether `choice` is declared for the function around any of `nodes`. */
export function isDeliberate(file: FileContext, choice: DeliberateChoice, ...nodes: readonly Node[]): boolean {
  return nodes.some((node) => deliberateChoices(file, node).has(choice));
}
