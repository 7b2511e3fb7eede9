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

/** Inline code that survives any backticks in the content. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replace(/\n/g, ' ')}${fence}`;
}

/**
 * Markdown for a hover or the command's document: a compact first line, then details. Everything that came from
 * the input is escaped or in code spans; the result is meant to be shown as untrusted Markdown.
 */
export function toMarkdown(item: Explanation, occurrences = 1): string {
  const lines = [`**${escapeMarkdown(item.name)}** — ${escapeMarkdown(item.summary)}${occurrences > 1 ? ` *(×${occurrences})*` : ''}`, ''];
  if (item.input !== item.name) lines.push(`Recognised: ${code(item.input.length > 200 ? `${item.input.slice(0, 200)}…` : item.input)}`, '');
  if (item.causes.length > 0) lines.push('**Usual causes**', '', ...item.causes.map((c, i) => `${i + 1}. ${escapeMarkdown(c)}`), '');
  if (item.fixes.length > 0) lines.push('**Fixes**', '', ...item.fixes.map((f) => `- ${escapeMarkdown(f)}`), '');
  const notes = versionNotes(item);
  if (notes.length > 0) lines.push('**Versions**', '', ...notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  const rows = detailRows(item);
  if (rows.length > 0) lines.push(rows.map(([label, value]) => `${escapeMarkdown(label)}: ${code(value)}`).join(' · '), '');
  return lines.join('\n').trimEnd();
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
