// The diagnosis panel: one webview per endpoint, restored after a reload by a serializer, with the actions the
// webview asks for (re-run, copy as Markdown, save as JSON, open the probe log, cancel) also offered as commands
// on the active panel. Messages in both directions go through the validated protocol.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { reportToMarkdown } from '../core/diagnosis/markdown';
import { restoredModel } from '../core/diagnosis/panelModel';
import { diagnosisViewType, parseFromWebview, parsePanelState, type FromWebview, type PanelModel, type RenderedSummary, type ToWebview } from '../core/diagnosis/protocol';
import type { Feature } from './featureContext';

export interface PanelEnvironment {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

/** One probe run shown in a panel. */
export interface PanelRun {
  readonly cancel: () => void;
  update(model: PanelModel): void;
  finish(): void;
}

type RenderWaiter = (summary: RenderedSummary | undefined) => void;

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  const csp = `default-src 'none'; style-src ${webview.cspSource}; font-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('webview.css')}">
<title>TLS endpoint diagnosis</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}

function panelTitle(target: string): string {
  return `TLS ${target}`;
}

/** A file name from the target, without characters file systems reject. */
export function reportFileName(model: PanelModel): string {
  return `tls-${model.target.replace(/[^A-Za-z0-9.-]+/g, '_')}.json`;
}

export class DiagnosisPanel {
  private static readonly byTarget = new Map<string, DiagnosisPanel>();
  private static lastActive: DiagnosisPanel | undefined;

  private rendered: RenderedSummary | undefined;
  private readonly waiters = new Set<RenderWaiter>();
  private run: PanelRun | undefined;
  private disposed = false;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly environment: PanelEnvironment, private model: PanelModel) {
    panel.webview.options = webviewOptions(environment.extensionUri);
    panel.webview.html = html(panel.webview, environment.extensionUri);
    DiagnosisPanel.byTarget.set(model.target, this);
    DiagnosisPanel.lastActive = this;
    panel.onDidDispose(() => this.onDisposed());
    panel.onDidChangeViewState(({ webviewPanel }) => { if (webviewPanel.active) DiagnosisPanel.lastActive = this; });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message));
  }

  /** The panel for `target`, revealed (beside the editor), or a new one showing `model`. */
  static show(environment: PanelEnvironment, model: PanelModel): DiagnosisPanel {
    const existing = DiagnosisPanel.byTarget.get(model.target);
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.setModel(model);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(diagnosisViewType, panelTitle(model.target), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(environment.extensionUri));
    return new DiagnosisPanel(panel, environment, model);
  }

  /** Adopts a panel VS Code restored after a reload, with the state its webview saved. */
  static restore(environment: PanelEnvironment, panel: vscode.WebviewPanel, state: unknown): DiagnosisPanel {
    const saved = parsePanelState(state);
    if (!saved.ok) environment.log.warn(`Diagnosis panel: the saved state was not usable (${saved.problem}); showing an empty panel.`);
    const model: PanelModel = saved.ok
      ? restoredModel(saved.value.model)
      : { target: panel.title.replace(/^TLS /, ''), phase: 'failed', startedAt: Date.now(), timeline: [], settings: [], error: 'The previous diagnosis could not be restored. Re-run it.' };
    DiagnosisPanel.byTarget.get(model.target)?.panel.dispose();
    return new DiagnosisPanel(panel, environment, model);
  }

  /** The panel the user looked at last, for the commands that act on "the" diagnosis. */
  static active(): DiagnosisPanel | undefined {
    return DiagnosisPanel.lastActive;
  }

  get currentModel(): PanelModel {
    return this.model;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  setModel(model: PanelModel): void {
    this.model = model;
    this.rendered = undefined;
    if (this.disposed) return;
    const message: ToWebview = { type: 'model', model };
    void this.panel.webview.postMessage(message);
  }

  /**
   * Starts a run in this panel: a previous run still going is cancelled, and from now on only the new run's
   * updates reach the panel (the cancelled one may still finish and report).
   */
  startRun(model: PanelModel, cancel: () => void): PanelRun {
    this.run?.cancel();
    const run: PanelRun = {
      cancel,
      update: (next) => { if (this.run === run) this.setModel(next); },
      finish: () => { if (this.run === run) this.run = undefined; },
    };
    this.run = run;
    this.setModel(model);
    return run;
  }

  /** Resolves with the webview's account of what it shows once `accept` holds, or undefined when it never does. */
  whenRendered(accept: (summary: RenderedSummary) => boolean, timeoutMs: number): Promise<RenderedSummary | undefined> {
    if (this.rendered && accept(this.rendered)) return Promise.resolve(this.rendered);
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: RenderWaiter = (summary) => {
        if (summary !== undefined && !accept(summary)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(summary);
      };
      const timer = setTimeout(() => waiter(undefined), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async copyMarkdown(): Promise<boolean> {
    if (!this.model.report) {
      void vscode.window.showInformationMessage('OpenSSL Doctor: the diagnosis has no result to copy yet.');
      return false;
    }
    await vscode.env.clipboard.writeText(reportToMarkdown(this.model.report, this.model.settings));
    void vscode.window.setStatusBarMessage('OpenSSL Doctor: diagnosis copied as Markdown', 3000);
    return true;
  }

  /** Saves the report as JSON (the CLI's `probe --json` format) to `destination`, or where the user picks. */
  async saveJson(destination?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const report = this.model.report;
    if (!report) {
      void vscode.window.showInformationMessage('OpenSSL Doctor: the diagnosis has no result to save yet.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = destination ?? await vscode.window.showSaveDialog({
      title: 'Save TLS diagnosis as JSON',
      filters: { JSON: ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, reportFileName(this.model)) } : {}),
    });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
    this.environment.log.info(`Saved the diagnosis of ${this.model.target} to ${uri.toString(true)}`);
    return uri;
  }

  rerun(): Thenable<unknown> {
    return vscode.commands.executeCommand(CommandId.diagnoseTlsEndpoint, this.model.target);
  }

  private onMessage(raw: unknown): void {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.environment.log.warn(`Diagnosis panel: ignored a malformed message from the webview (${parsed.problem})`);
      return;
    }
    void this.handle(parsed.value).catch((error: unknown) => {
      this.environment.log.error('Diagnosis panel: an action failed:', error);
      void vscode.window.showErrorMessage(`OpenSSL Doctor: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A (re)loaded webview: send the current model, which may be newer than its saved state.
        this.setModel(this.model);
        return;
      case 'rendered':
        this.rendered = message.summary;
        this.environment.log.debug(`Diagnosis panel ${message.summary.target}: shows "${message.summary.headline}" (${message.summary.phase}, ${message.summary.timelineRows} steps)`);
        for (const waiter of [...this.waiters]) waiter(message.summary);
        return;
      case 'rerun':
        await this.rerun();
        return;
      case 'cancel':
        this.run?.cancel();
        return;
      case 'copyMarkdown':
        await this.copyMarkdown();
        return;
      case 'saveJson':
        await this.saveJson();
        return;
      case 'openLog':
        this.environment.log.show(true);
        return;
    }
  }

  private onDisposed(): void {
    this.disposed = true;
    this.run?.cancel();
    for (const waiter of [...this.waiters]) waiter(undefined);
    if (DiagnosisPanel.byTarget.get(this.model.target) === this) DiagnosisPanel.byTarget.delete(this.model.target);
    if (DiagnosisPanel.lastActive === this) DiagnosisPanel.lastActive = [...DiagnosisPanel.byTarget.values()].pop();
  }
}

function withActivePanel<T>(action: (panel: DiagnosisPanel) => Thenable<T> | Promise<T>): Thenable<T | undefined> | undefined {
  const panel = DiagnosisPanel.active();
  if (!panel) {
    void vscode.window.showInformationMessage('OpenSSL Doctor: no TLS diagnosis is open. Run "OpenSSL Doctor: Diagnose TLS Endpoint…" first.');
    return undefined;
  }
  return action(panel);
}

/** The panel's serializer and the commands that act on the active diagnosis. */
export const diagnosisPanel: Feature = {
  name: 'diagnosis panel',
  register({ extension, log }) {
    const environment: PanelEnvironment = { extensionUri: extension.extensionUri, log };
    extension.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(diagnosisViewType, {
        deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
          DiagnosisPanel.restore(environment, panel, state);
          return Promise.resolve();
        },
      }),
      vscode.commands.registerCommand(CommandId.rerunDiagnosis, () => withActivePanel((p) => p.rerun())),
      vscode.commands.registerCommand(CommandId.copyDiagnosisMarkdown, () => withActivePanel((p) => p.copyMarkdown())),
      vscode.commands.registerCommand(CommandId.saveDiagnosisJson, (destination?: unknown) =>
        withActivePanel((p) => p.saveJson(destination instanceof vscode.Uri ? destination : undefined))),
    );
  },
};
