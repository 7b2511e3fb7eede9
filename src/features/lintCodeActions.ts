import * as vscode from 'vscode';
import { applicableFixes } from '../core/analysis/fixAll';
import { LineIndex } from '../core/analysis/positions';
import type { Finding, TextEdit } from '../core/analysis/rule';
import { allRules } from '../core/analysis/rules';
import { disableFileEdit, disableLineEdit } from '../core/analysis/suppressions';
import { CommandId } from '../constants';
import type { Feature } from './featureContext';
import { diagnosticSource, lintLanguages, lintService, type LintedDocument, type LintService } from './lintService';

const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('openssl-doctor');

function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return edit;
}

function findingFor(linted: LintedDocument, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  return linted.findings.find((f) => f.ruleId === code && f.start === start && f.end === end && f.message === diagnostic.message);
}

/** Quick-fixes for OpenSSL Doctor diagnostics, suppression comments, documentation, and `source.fixAll.openssl-doctor`. */
class LintCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, fixAllKind];

  constructor(private readonly service: LintService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const linted = this.service.current(document);
    if (!linted) return [];
    const only = context.only;
    if (only && (only.contains(fixAllKind) || fixAllKind.contains(only))) return this.fixAll(document, linted);
    if (only && !only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(only)) return [];
    const actions: vscode.CodeAction[] = [];
    const index = new LineIndex(linted.text);
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const finding = findingFor(linted, document, diagnostic);
      const rule = finding && allRules.find((r) => r.meta.id === finding.ruleId);
      if (!finding || !rule) continue;
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document, fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.safe;
        actions.push(action);
      }
      const line = new vscode.CodeAction(`Disable ${rule.meta.id} (${rule.meta.name}) for this line`, vscode.CodeActionKind.QuickFix);
      line.edit = workspaceEdit(document, [disableLineEdit(linted.text, index, finding.start, rule.meta)]);
      line.diagnostics = [diagnostic];
      const file = new vscode.CodeAction(`Disable ${rule.meta.id} (${rule.meta.name}) for this file`, vscode.CodeActionKind.QuickFix);
      file.edit = workspaceEdit(document, [disableFileEdit(linted.text, rule.meta)]);
      file.diagnostics = [diagnostic];
      const docs = new vscode.CodeAction(`Show documentation for ${rule.meta.id} (${rule.meta.name})`, vscode.CodeActionKind.QuickFix);
      docs.command = { command: CommandId.showRuleDocumentation, title: 'Show documentation', arguments: [rule.meta.id] };
      actions.push(line, file, docs);
    }
    return actions;
  }

  private fixAll(document: vscode.TextDocument, linted: LintedDocument): vscode.CodeAction[] {
    const edits = applicableFixes(linted.findings);
    if (edits.length === 0) return [];
    const action = new vscode.CodeAction('Fix all safe OpenSSL Doctor problems', fixAllKind);
    action.edit = workspaceEdit(document, edits);
    return [action];
  }
}

export const lintCodeActions: Feature = {
  name: 'lint code actions',
  register(context) {
    const provider = new LintCodeActionProvider(lintService(context));
    context.extension.subscriptions.push(vscode.languages.registerCodeActionsProvider(
      lintLanguages.map((language) => ({ language })), provider, { providedCodeActionKinds: LintCodeActionProvider.kinds },
    ));
  },
};
