import type { Rule, RuleMeta } from './rule';

const severityWord = { error: 'Error', warning: 'Warning', info: 'Information' } as const;

/** The documentation page of one rule (docs/rules/<id>.md), generated from its metadata. */
export function renderRuleDoc(meta: RuleMeta): string {
  return [
    `# ${meta.id} \`${meta.name}\`: ${meta.summary}`,
    '',
    `Default severity: **${severityWord[meta.severity]}**. Quick-fix: **${meta.fixable ? 'yes' : 'no'}**.`,
    '',
    '## What it finds',
    '',
    meta.docs.what,
    '',
    '## Why it matters',
    '',
    meta.docs.why,
    '',
    '## Bad',
    '',
    '```c',
    meta.docs.bad,
    '```',
    '',
    '## Good',
    '',
    '```c',
    meta.docs.good,
    '```',
    '',
    '## Fix',
    '',
    meta.docs.fix,
    '',
    '## Turning it off',
    '',
    `For one line: \`// openssl-doctor-disable-next-line ${meta.id}\` on the line above. For a file: \`/* openssl-doctor-disable-file ${meta.id} */\`. Everywhere: \`"openssl-doctor.lint.severity": { "${meta.id}": "off" }\` in the settings, or \`--rule ${meta.id}=off\` on the command line.`,
    '',
    '## References',
    '',
    ...meta.docs.references.map((r) => `- ${r}`),
    '',
  ].join('\n');
}

export const rulesTableStart = '<!-- rules-table:start (generated from the rule metadata by `npm run docs:rules`) -->';
export const rulesTableEnd = '<!-- rules-table:end -->';

/** The README's rules table, between its markers. */
export function renderRulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta }) => `| [${meta.id}](docs/rules/${meta.id}.md) | \`${meta.name}\` | ${meta.summary} | ${meta.severity} | ${meta.fixable ? 'yes' : ''} |`);
  return [rulesTableStart, '| id | name | finds | default | quick-fix |', '|---|---|---|---|---|', ...rows, rulesTableEnd].join('\n');
}

/** Replaces the table between the markers in the README text (or reports that the markers are missing). */
export function withRulesTable(readme: string, rules: readonly Rule[]): string | undefined {
  const start = readme.indexOf(rulesTableStart);
  const end = readme.indexOf(rulesTableEnd);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme.slice(0, start) + renderRulesTable(rules) + readme.slice(end + rulesTableEnd.length);
}
