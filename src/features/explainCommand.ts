import * as vscode from 'vscode';
import { explainText, type ExplainResult } from '../core/knowledge/explainText';
import { toReportSection } from '../core/knowledge/render';
import { CommandId } from '../constants';
import type { Feature } from './featureContext';

const scheme = 'openssl-doctor-explain';

function report(result: ExplainResult): string {
  const count = result.items.length;
  const lines = [`# OpenSSL Doctor: ${count} ${count === 1 ? 'explanation' : 'explanations'}`, ''];
  if (result.truncated) lines.push('*The input was too large: only its beginning was examined.*', '');
  result.items.forEach((item, i) => lines.push(toReportSection(item, i + 1, result.occurrences[i]), ''));
  return lines.join('\n');
}

/**
 * An input box holds one line, so a multi-line log excerpt on the clipboard is offered as a choice of its own;
 * otherwise the user types or pastes a code, a name or a line.
 */
async function askForInput(): Promise<string | undefined> {
  const clipboard = await vscode.env.clipboard.readText();
  const lines = clipboard.split('\n').filter((l) => l.trim() !== '').length;
  if (lines > 1) {
    const useClipboard = { label: '$(clippy) Explain the log excerpt on the clipboard', description: `${lines} lines` };
    const type = { label: '$(edit) Type or paste a code, a name or one line…' };
    const choice = await vscode.window.showQuickPick([useClipboard, type], { title: 'Explain OpenSSL Error', ignoreFocusOut: true });
    if (choice === undefined) return undefined;
    if (choice === useClipboard) return clipboard;
  }
  return vscode.window.showInputBox({
    title: 'Explain OpenSSL Error',
    prompt: 'An error code (0A000126), a name (SSL_ERROR_SYSCALL, ECONNRESET) or a log line; select text first to explain a whole log excerpt',
    placeHolder: 'error:0A000126:SSL routines::unexpected eof while reading',
    ignoreFocusOut: true,
  });
}

/**
 * "OpenSSL Doctor: Explain OpenSSL Error…": explains the selection, the clipboard's log excerpt, or what the user
 * types, as a read-only Markdown document shown as a rendered preview. Returns the result so other commands (and tests) can use it.
 */
export const explainCommand: Feature = {
  name: 'explain command',
  register({ extension, log }) {
    const documents = new Map<string, string>();
    const changed = new vscode.EventEmitter<vscode.Uri>();
    let counter = 0;
    extension.subscriptions.push(
      changed,
      vscode.workspace.registerTextDocumentContentProvider(scheme, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.toString()) ?? '' }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === scheme) documents.delete(d.uri.toString()); }),
      vscode.commands.registerCommand(CommandId.explainError, async (text?: unknown): Promise<ExplainResult | undefined> => {
        const editor = vscode.window.activeTextEditor;
        const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
        const input = typeof text === 'string' ? text : selected ?? await askForInput();
        if (input === undefined || input.trim() === '') return undefined;
        const result = explainText(input);
        log.info(`explain: ${result.items.length} item(s) from ${input.length} characters${result.truncated ? ' (truncated)' : ''}`);
        if (result.items.length === 0) {
          void vscode.window.showInformationMessage('OpenSSL Doctor: no OpenSSL error, code or known TLS message recognised.');
          return result;
        }
        const uri = vscode.Uri.from({ scheme, path: `/Explanation ${++counter}.md` });
        documents.set(uri.toString(), report(result));
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(document, 'markdown');
        // The rendered preview reads best; without the built-in Markdown extension, show the source.
        const previewed = await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(() => true, (error: unknown) => {
          log.warn('explain: no Markdown preview, showing the source instead:', error);
          return false;
        });
        if (!previewed) await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return result;
      }),
    );
  },
};
