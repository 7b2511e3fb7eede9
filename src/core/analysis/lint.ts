import type { Tree } from 'web-tree-sitter';
import { FileContext } from './fileContext';
import { defaultLintOptions, type LintOptions } from './options';
import { languageFor, ParsedDocument, type SourceLanguage } from './parser';
import { LineIndex } from './positions';
import type { Finding, Report, Rule, Severity } from './rule';
import { allRules } from './rules';
import { Suppressions } from './suppressions';

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Why the file or parts of it were not analysed (too large, unreadable functions). */
  readonly notices: readonly string[];
}

/** The configured severity of a rule: by id, then by name, then its default; undefined when off. */
export function effectiveSeverity(rule: Rule, options: LintOptions, reported?: Severity): Severity | undefined {
  const setting = options.severities[rule.meta.id] ?? options.severities[rule.meta.name];
  if (setting === 'off') return undefined;
  return setting ?? reported ?? rule.meta.severity;
}

/** Runs every enabled rule over a parsed file. Rule failures are contained: one broken rule loses only its own findings. */
export function lintTree(tree: Tree, text: string, language: SourceLanguage, options: LintOptions = defaultLintOptions, rules: readonly Rule[] = allRules): LintResult {
  const notices: string[] = [];
  if (text.length > options.maxFileBytes) return tooLarge(text, options);
  const enabled = rules.filter((rule) => effectiveSeverity(rule, options) !== undefined);
  if (enabled.length === 0 || !FileContext.worthParsing(text, options)) return { findings: [], notices };
  const file = new FileContext(tree, text, language, options);
  const index = new LineIndex(text);
  const suppressions = new Suppressions(text, index);
  const findings: Finding[] = [];
  for (const rule of enabled) {
    const report = (r: Report) => {
      const severity = effectiveSeverity(rule, options, r.severity);
      if (!severity || suppressions.isSuppressed(rule.meta, index.position(r.start).line)) return;
      findings.push({ ...r, ruleId: rule.meta.id, severity, related: r.related ?? [], fixes: r.fixes ?? [] });
    };
    try {
      rule.check(file, report);
    } catch (error) {
      notices.push(`rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (file.skippedFunctions.length > 0) {
    const names = file.skippedFunctions.slice(0, 5).join(', ') + (file.skippedFunctions.length > 5 ? ', …' : '');
    notices.push(`not analysed (syntax the parser could not read, or unsupported control flow): ${names}`);
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: dedupe(findings), notices };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Parses and lints one text (the CLI and tests); the tree is freed afterwards. */
export async function lintText(text: string, fileName: string, options: LintOptions = defaultLintOptions, languageId?: string): Promise<LintResult> {
  if (text.length > options.maxFileBytes) return tooLarge(text, options);
  if (!FileContext.worthParsing(text, options)) return { findings: [], notices: [] };
  const document = await ParsedDocument.create(text, languageFor(fileName, text, languageId));
  try {
    return lintTree(document.tree, text, document.language, options);
  } finally {
    document.dispose();
  }
}

function tooLarge(text: string, options: LintOptions): LintResult {
  return { findings: [], notices: [`skipped: ${text.length} bytes is over the ${options.maxFileBytes}-byte limit (openssl-doctor.lint.maxFileSizeKB)`] };
}
