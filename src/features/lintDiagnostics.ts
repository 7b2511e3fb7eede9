import * as vscode from 'vscode';
import { configSection } from '../constants';
import type { Feature } from './featureContext';
import { isLintable, lintService } from './lintService';

/** Lint diagnostics: on open and save at once, on change after a per-document pause (or only on save, per setting). */
export const lintDiagnostics: Feature = {
  name: 'lint diagnostics',
  register(context) {
    const { extension, log } = context;
    const service = lintService(context);
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const settings = (uri: vscode.Uri) => vscode.workspace.getConfiguration(`${configSection}.lint`, uri);

    const lintNow = (document: vscode.TextDocument) => {
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
      service.lint(document).catch((error: unknown) => log.error(`linting ${document.uri.fsPath} failed:`, error));
    };
    const lintLater = (document: vscode.TextDocument) => {
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      const delay = Math.max(0, settings(document.uri).get<number>('debounceMs', 400));
      timers.set(key, setTimeout(() => {
        timers.delete(key);
        if (!document.isClosed) lintNow(document);
      }, delay));
    };

    extension.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => { if (isLintable(document)) lintNow(document); }),
      vscode.workspace.onDidSaveTextDocument((document) => { if (isLintable(document)) lintNow(document); }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const { document } = event;
        if (!isLintable(document) || event.contentChanges.length === 0) return;
        // Keep the tree in step with every edit (cheap and incremental); lint after the pause.
        service.sync(document, event.contentChanges).catch((error: unknown) => log.error(`parsing ${document.uri.fsPath} failed:`, error));
        if (settings(document.uri).get<string>('run', 'onType') === 'onType') lintLater(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        clearTimeout(timers.get(document.uri.toString()));
        timers.delete(document.uri.toString());
        service.forget(document.uri);
        service.collection.delete(document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${configSection}.lint`)) return;
        for (const document of vscode.workspace.textDocuments) if (isLintable(document)) lintNow(document);
      }),
      { dispose: () => { for (const timer of timers.values()) clearTimeout(timer); } },
    );
    for (const document of vscode.workspace.textDocuments) if (isLintable(document)) lintNow(document);
  },
};
