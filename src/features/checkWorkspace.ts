import * as vscode from 'vscode';
import { lintText } from '../core/analysis/lint';
import { LineIndex } from '../core/analysis/positions';
import { CommandId } from '../constants';
import type { Feature } from './featureContext';
import { lintOptionsFor, lintService, toDiagnostics } from './lintService';

const sourceGlob = '**/*.{c,h,cc,cpp,cxx,hpp,hh}';

/** Line/column conversion for a file that is not open in an editor. */
function positionsOf(text: string): { positionAt(offset: number): vscode.Position } {
  const index = new LineIndex(text);
  return {
    positionAt(offset: number) {
      const { line, character } = index.position(offset);
      return new vscode.Position(line, character);
    },
  };
}

/** "OpenSSL Doctor: Check Workspace": lints every C/C++ file of the workspace, with progress and cancellation. */
export const checkWorkspace: Feature = {
  name: 'check workspace',
  register(context) {
    const { extension, log } = context;
    const service = lintService(context);
    extension.subscriptions.push(vscode.commands.registerCommand(CommandId.checkWorkspace, () => vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'OpenSSL Doctor: checking workspace', cancellable: true },
      async (progress, token) => {
        const files = await vscode.workspace.findFiles(sourceGlob, '**/{node_modules,.git}/**', undefined, token);
        let findings = 0;
        let done = 0;
        for (const uri of files) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(files.length, 1) });
          try {
            const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
            if (open) {
              findings += (await service.lint(open))?.findings.length ?? 0;
            } else {
              const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
              const result = await lintText(text, uri.path, lintOptionsFor(uri, log));
              for (const notice of result.notices) log.info(`${vscode.workspace.asRelativePath(uri)}: ${notice}`);
              service.collection.set(uri, toDiagnostics(extension, uri, positionsOf(text), result.findings));
              findings += result.findings.length;
            }
          } catch (error) {
            log.error(`checking ${uri.toString()} failed:`, error);
          }
          done++;
          // Yield so the extension host stays responsive between files.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const summary = `${token.isCancellationRequested ? 'Cancelled after' : 'Checked'} ${done} of ${files.length} C/C++ files: ${findings} finding${findings === 1 ? '' : 's'}.`;
        log.info(`check workspace: ${summary}`);
        void vscode.window.showInformationMessage(`OpenSSL Doctor: ${summary}`);
        return { files: files.length, checked: done, findings, cancelled: token.isCancellationRequested };
      },
    )));
  },
};
