import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { lintText } from '../core/analysis/lint';
import { defaultLintOptions, parseLintOptions, type LintOptions } from '../core/analysis/options';
import { toJson, toSarif, toText, type FileReport } from '../core/analysis/report';
import type { SeveritySetting } from '../core/analysis/rule';
import { allRules } from '../core/analysis/rules';
import { exitUsage, splitInlineValue, type CliCommand, type CliIO } from './command';

const sourceExtensions = new Set(['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh']);
const skippedDirectories = new Set(['node_modules']);

const usage = `Usage: openssl-doctor lint [--format text|json|sarif] [--config FILE] [--rule ID=off|info|warning|error]… PATH…

Lints C/C++ files for OpenSSL API misuse. Directories are walked for ${[...sourceExtensions].join(' ')} files.
  --format    text (default, file:line:column: severity: message [rule]), json, or sarif (SARIF 2.1.0)
  --config    a JSON file: {"severity": {"A6": "off"}, "errorQueueMode": "strict|default|lenient",
              "targetVersion": "auto|1.1.1|3.x", "errClearWrappers": […], "ioWrappers": […], "maxFileSizeKB": N,
              "allowVerifyNone": [function names], "privateCa": true|false}
  --rule      override one rule's severity (by id like A0 or name like ssl-get-error-missing); repeatable
Exit status: 0 no warnings or errors, 1 findings, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Arguments { format: 'text' | 'json' | 'sarif'; config?: string; rules: Record<string, SeveritySetting>; paths: string[] }

function parseArguments(args: readonly string[]): Arguments {
  const parsed: Arguments = { format: 'text', rules: {}, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = splitInlineValue(arg);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
      parsed.format = format;
    } else if (flag === '--config') {
      parsed.config = value();
    } else if (flag === '--rule') {
      const spec = value();
      const match = /^([\w-]+)=(off|info|warning|error)$/.exec(spec);
      if (!match?.[1] || !match[2]) throw new UsageError(`--rule expects ID=off|info|warning|error, got "${spec}"`);
      if (!allRules.some((r) => r.meta.id === match[1] || r.meta.name === match[1])) throw new UsageError(`unknown rule "${match[1]}"`);
      parsed.rules[match[1]] = match[2] as SeveritySetting;
    } else if (flag === '--') {
      parsed.paths.push(...args.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option ${flag}`);
    } else {
      parsed.paths.push(arg);
    }
  }
  if (parsed.paths.length === 0) throw new UsageError('no PATH given');
  return parsed;
}

/** The source files under the given paths, in a stable order; symlinked directories are not followed (no cycles). */
async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Hidden directories (.git, quilt's .pc backups…) are not walked; pass them explicitly to lint them.
      if (entry.isDirectory() && !skippedDirectories.has(entry.name) && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && sourceExtensions.has(path.extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  for (const p of paths) {
    const stat = await fs.stat(p);
    if (stat.isDirectory()) await walk(p);
    else files.push(p);
  }
  return files;
}

async function loadOptions(args: Arguments): Promise<LintOptions> {
  let options = defaultLintOptions;
  if (args.config) {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(args.config, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(`cannot read config ${args.config}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      options = parseLintOptions(raw);
    } catch (error) {
      throw new UsageError(`config ${args.config}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ...options, severities: { ...options.severities, ...args.rules } };
}

/** `openssl-doctor lint`; `toolVersion` goes into the SARIF output. */
export const lintCommand = (toolVersion: string): CliCommand => ({
  name: 'lint',
  summary: 'check C/C++ files for OpenSSL API misuse',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    let args: Arguments;
    let options: LintOptions;
    let files: string[];
    try {
      args = parseArguments(argv);
      options = await loadOptions(args);
      files = await collectFiles(args.paths);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`openssl-doctor lint: ${message}\n${error instanceof UsageError ? `\n${usage}\n` : ''}`);
      return exitUsage;
    }
    const started = Date.now();
    const reports: FileReport[] = [];
    let ioError = false;
    for (const file of files) {
      let text: string;
      try {
        const stat = await fs.stat(file);
        if (stat.size > options.maxFileBytes) {
          io.stderr(`openssl-doctor lint: ${file}: skipped: ${stat.size} bytes is over the ${options.maxFileBytes}-byte limit (maxFileSizeKB)\n`);
          continue;
        }
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        io.stderr(`openssl-doctor lint: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
        ioError = true;
        continue;
      }
      const result = await lintText(text, file, options);
      for (const notice of result.notices) io.stderr(`openssl-doctor lint: ${file}: ${notice}\n`);
      if (result.findings.length > 0) reports.push({ path: file, text, findings: result.findings });
    }
    const stats = { files: files.length, ms: Date.now() - started };
    if (args.format === 'json') io.stdout(`${toJson(reports, stats)}\n`);
    else if (args.format === 'sarif') io.stdout(`${toSarif(reports, allRules, toolVersion)}\n`);
    else io.stdout(toText(reports));
    if (ioError) return exitUsage;
    return reports.some((r) => r.findings.some((f) => f.severity !== 'info')) ? 1 : 0;
  },
});
