import * as vscode from 'vscode';
import { LintCache, lintDocument, type LintResult } from '../core/analysis/lint';
import { defaultLintOptions, parseLintOptions, type LintOptions } from '../core/analysis/options';
import { languageFor, ParsedDocument } from '../core/analysis/parser';
import type { Finding, Severity } from '../core/analysis/rule';
import { allRules } from '../core/analysis/rules';
import { configSection } from '../constants';
import type { FeatureContext } from './featureContext';

export const lintLanguages = ['c', 'cpp'] as const;
export const diagnosticSource = 'OpenSSL Doctor';

/** The findings published for one document version, with the text they were computed on (fixes are offsets into it). */
export interface LintedDocument {
  readonly version: number;
  readonly text: string;
  readonly findings: readonly Finding[];
}

const severityMap: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Reads `openssl-doctor.lint.*` for a document; a malformed value falls back to the default (and is logged). */
export function lintOptionsFor(uri: vscode.Uri | undefined, log: vscode.LogOutputChannel): LintOptions {
  const config = vscode.workspace.getConfiguration(`${configSection}.lint`, uri);
  const raw = {
    severity: config.get('severity'),
    errorQueueMode: config.get('errorQueueMode'),
    targetVersion: config.get('targetVersion'),
    errClearWrappers: config.get('errClearWrappers'),
    ioWrappers: config.get('ioWrappers'),
    maxFileSizeKB: config.get('maxFileSizeKB'),
    allowVerifyNone: config.get('allowVerifyNone'),
    privateCa: config.get('privateCa'),
  };
  try {
    return parseLintOptions(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null)));
  } catch (error) {
    log.warn(`openssl-doctor.lint settings ignored: ${error instanceof Error ? error.message : String(error)}`);
    return defaultLintOptions;
  }
}

export function isLintable(document: vscode.TextDocument): boolean {
  return (lintLanguages as readonly string[]).includes(document.languageId) && document.uri.scheme !== 'output';
}

/** The documentation page of a rule, shipped with the extension. */
export function ruleDocUri(extension: vscode.ExtensionContext, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** Converts core findings into VS Code diagnostics for a document whose text is `text`. */
export function toDiagnostics(extension: vscode.ExtensionContext, uri: vscode.Uri, document: { positionAt(offset: number): vscode.Position }, findings: readonly Finding[]): vscode.Diagnostic[] {
  return findings.map((f) => {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)), f.message, severityMap[f.severity]);
    diagnostic.source = diagnosticSource;
    diagnostic.code = { value: f.ruleId, target: ruleDocUri(extension, f.ruleId) };
    diagnostic.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end))), r.message));
    if (f.deprecated) diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
    return diagnostic;
  });
}

/**
 * Keeps one parse tree per open C/C++ document (re-parsed incrementally on every edit), lints on demand, and
 * remembers the findings of the last lint so code actions can offer their fixes.
 */
export class LintService implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('openssl-doctor');
  private readonly parsed = new Map<string, Promise<ParsedDocument>>();
  private readonly linted = new Map<string, LintedDocument>();
  /** Per document: the findings of unchanged functions, so a keystroke re-analyses only the function it touched. */
  private readonly caches = new Map<string, LintCache>();

  constructor(readonly context: FeatureContext) {}

  /** Applies the document's latest edits to its tree (or parses it the first time). */
  async sync(document: vscode.TextDocument, changes?: readonly vscode.TextDocumentContentChangeEvent[]): Promise<ParsedDocument> {
    const key = document.uri.toString();
    const language = languageFor(document.fileName, '', document.languageId);
    const existing = this.parsed.get(key);
    if (existing) {
      const parsed = await existing;
      if (parsed.language === language) {
        const text = document.getText();
        if (parsed.text !== text) {
          if (changes && changes.length > 0) {
            parsed.update(changes.map((c) => ({ startOffset: c.rangeOffset, oldEndOffset: c.rangeOffset + c.rangeLength, newText: c.text })));
          }
          // Out of step (events missed or merged): start from the current text.
          if (parsed.text !== text) parsed.replace(text);
        }
        return parsed;
      }
      this.forget(document.uri);
    }
    const created = ParsedDocument.create(document.getText(), language);
    this.parsed.set(key, created);
    created.catch(() => this.parsed.delete(key));
    return created;
  }

  /** Lints the document's current text and publishes the diagnostics; stale results (an edit meanwhile) are dropped. */
  async lint(document: vscode.TextDocument): Promise<LintResult | undefined> {
    if (!isLintable(document)) return undefined;
    const version = document.version;
    const parsed = await this.sync(document);
    if (document.version !== version || document.isClosed) return undefined;
    const options = lintOptionsFor(document.uri, this.context.log);
    const started = performance.now();
    const key = document.uri.toString();
    const cache = this.caches.get(key) ?? new LintCache();
    this.caches.set(key, cache);
    const result = lintDocument(parsed, options, allRules, cache);
    const ms = performance.now() - started;
    if (ms > 200) this.context.log.warn(`linting ${vscode.workspace.asRelativePath(document.uri)} took ${ms.toFixed(0)} ms`);
    for (const notice of result.notices) this.context.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${notice}`);
    this.linted.set(key, { version, text: parsed.text, findings: result.findings });
    this.collection.set(document.uri, toDiagnostics(this.context.extension, document.uri, document, result.findings));
    return result;
  }

  /** The findings of the last lint, if they are for this exact version of the document. */
  current(document: vscode.TextDocument): LintedDocument | undefined {
    const linted = this.linted.get(document.uri.toString());
    return linted?.version === document.version ? linted : undefined;
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const parsed = this.parsed.get(key);
    this.parsed.delete(key);
    this.linted.delete(key);
    this.caches.delete(key);
    parsed?.then((p) => p.dispose(), () => undefined);
  }

  dispose(): void {
    for (const key of [...this.parsed.keys()]) this.forget(vscode.Uri.parse(key));
    this.collection.dispose();
  }
}

const services = new WeakMap<vscode.ExtensionContext, LintService>();

/** The one lint service of this activation, shared by the diagnostics, code-action and workspace-check features. */
export function lintService(context: FeatureContext): LintService {
  let service = services.get(context.extension);
  if (!service) {
    service = new LintService(context);
    services.set(context.extension, service);
    context.extension.subscriptions.push(service);
  }
  return service;
}
