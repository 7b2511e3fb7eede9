import type { DetailValue, Explanation } from './explanation';

function detailText(value: DetailValue): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

const detailLabels: Readonly<Record<string, string>> = {
  code: 'code', layout: 'layout', library: 'library', libraryNumber: 'library number', libraryMacro: 'library macro',
  reasonNumber: 'reason number', reasonString: 'reason string', function: 'function', versions: 'versions', codes: 'codes by version',
  errorString: 'as printed', alert: 'TLS alert', number: 'number', string: 'string', platform: 'platform', message: 'message',
  value: 'value', since: 'since', exitCode: 'exit code', reading: 'reading', printedBy: 'printed by OpenSSL',
  otherReadings: 'other readings', sameNameElsewhere: 'same name elsewhere', sameNumberIn: 'same number also', openssl: 'OpenSSL name',
  tool: 'tool', errno: 'errno', file: 'file', line: 'line', data: 'data',
};

/** The detail rows worth showing, in a stable order, without the long version notes (shown separately). */
export function detailRows(item: Explanation): [string, string][] {
  return Object.entries(detailLabels)
    .filter(([key]) => item.details[key] !== undefined)
    .map(([key, label]) => [label, detailText(item.details[key] as DetailValue)]);
}

function versionNotes(item: Explanation): readonly string[] {
  const notes = item.details.versionNotes;
  return Array.isArray(notes) ? (notes as readonly string[]) : [];
}

/** Escapes text for Markdown so that log content can never inject links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/** Escapes prose but keeps `code spans` (the commands in our explanations); a code span renders its content literally. */
function prose(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`[^`\n]+`/g)) {
    out += escapeMarkdown(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeMarkdown(text.slice(last));
}

/** Inline code that survives any backticks in the content. */
function code(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

/** The compact first line of a hover or a list: the name, then what it means. */
function headline(item: Explanation): string {
  return `**${escapeMarkdown(item.name)}** — ${prose(item.summary)}`;
}

/** A section of the command's report: a numbered heading with the name, the summary, then the details. */
export function toReportSection(item: Explanation, index: number, occurrences = 1): string {
  const seen = occurrences > 1 ? ` *(seen ${occurrences} times)*` : '';
  return `## ${index}. ${escapeMarkdown(item.name)}\n\n*${item.kind}* — ${prose(item.summary)}${seen}\n\n${markdownDetails(item)}`.trimEnd();
}

/** A hover: every item's one-line headline first, then each item's details (the hovered text is on screen already). */
export function toHoverMarkdown(items: readonly Explanation[]): string {
  if (items.length === 1 && items[0]) return `${headline(items[0])}\n\n${markdownDetails(items[0], false)}`.trimEnd();
  const headlines = items.map((item) => `- ${headline(item)}`).join('\n');
  return [headlines, ...items.map((item) => `**${escapeMarkdown(item.name)}**\n\n${markdownDetails(item, false)}`.trimEnd())].join('\n\n---\n\n');
}

function markdownDetails(item: Explanation, showInput = true): string {
  const lines: string[] = [];
  if (showInput && item.input !== item.name) lines.push(`Recognised: ${code(item.input.length > 200 ? `${item.input.slice(0, 200)}…` : item.input)}`, '');
  if (item.causes.length > 0) lines.push('**Usual causes**', '', ...item.causes.map((c, i) => `${i + 1}. ${prose(c)}`), '');
  if (item.fixes.length > 0) lines.push('**Fixes**', '', ...item.fixes.map((f) => `- ${prose(f)}`), '');
  const notes = versionNotes(item);
  if (notes.length > 0) lines.push('**Versions**', '', ...notes.map((n) => `- ${prose(n)}`), '');
  const rows = detailRows(item);
  if (rows.length > 0) lines.push(rows.map(([label, value]) => `${escapeMarkdown(label)}: ${code(value)}`).join(' · '), '');
  return lines.join('\n');
}

/** Plain text for the terminal. */
export function toPlainText(item: Explanation, occurrences = 1): string {
  const lines = [`${item.name} (${item.kind})${occurrences > 1 ? ` ×${occurrences}` : ''}`, `  ${item.summary}`];
  if (item.input !== item.name) lines.push(`  recognised: ${item.input.length > 200 ? `${item.input.slice(0, 200)}…` : item.input}`);
  if (item.causes.length > 0) lines.push('  Usual causes:', ...item.causes.map((c, i) => `    ${i + 1}. ${c}`));
  if (item.fixes.length > 0) lines.push('  Fixes:', ...item.fixes.map((f) => `    - ${f}`));
  const notes = versionNotes(item);
  if (notes.length > 0) lines.push('  Versions:', ...notes.map((n) => `    - ${n}`));
  const rows = detailRows(item);
  if (rows.length > 0) lines.push(`  ${rows.map(([label, value]) => `${label}: ${value}`).join(' | ')}`);
  return lines.join('\n');
}
