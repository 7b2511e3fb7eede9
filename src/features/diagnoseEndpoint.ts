// "OpenSSL Doctor: Diagnose TLS Endpoint…": asks for host[:port] (offering recent targets and the endpoint under
// the cursor in C/C++), opens the panel at once, runs the probe with the editor's network settings under a
// cancellable progress notification, and streams each step into the panel. It runs only on explicit user action,
// so it is safe in untrusted workspaces (where a workspace-level CA file setting is ignored).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, configSection } from '../constants';
import { probeRunSettings, type NetworkSettings, type ProbeRunSettings } from '../core/diagnosis/networkSettings';
import { startedModel, withError, withEvent, withReport } from '../core/diagnosis/panelModel';
import type { PanelModel, RenderedSummary } from '../core/diagnosis/protocol';
import { parseTargetInput } from '../core/diagnosis/targetInput';
import { probeEndpoint } from '../core/probe/probe';
import type { ProbeEvent, ProbeReport } from '../core/probe/report';
import { DiagnosisPanel, type PanelEnvironment } from './diagnosisPanel';
import { endpointAt } from './endpointCodeActions';
import type { Feature } from './featureContext';

const recentKey = 'openssl-doctor.recentTargets';
const maxRecent = 8;
const maxCaFileBytes = 4 * 1024 * 1024;
/** How long the command waits for the webview to confirm it shows the result (the panel may be hidden). */
const renderConfirmMs = 10_000;

/** What the command resolves to, for callers such as tests and other extensions. */
export interface DiagnosisResult {
  readonly target: string;
  readonly report?: ProbeReport;
  readonly error?: string;
  /** The webview's own account of what it rendered; undefined when it did not confirm in time. */
  readonly rendered?: RenderedSummary;
}

interface TargetItem extends vscode.QuickPickItem {
  readonly target?: string;
}

function recentTargets(state: vscode.Memento): string[] {
  const value = state.get<unknown>(recentKey);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string' && parseTargetInput(t).ok).slice(0, maxRecent) : [];
}

async function remember(state: vscode.Memento, target: string): Promise<void> {
  await state.update(recentKey, [target, ...recentTargets(state).filter((t) => t !== target)].slice(0, maxRecent));
}

/** The endpoint named by the C/C++ string literal under the cursor, to prefill the input. */
function endpointUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['c', 'cpp'].includes(editor.document.languageId)) return undefined;
  return endpointAt(editor.document, editor.selection.active)?.target;
}

function pickTarget(state: vscode.Memento): Promise<string | undefined> {
  const recent = recentTargets(state);
  const recentItems = (filter: string): TargetItem[] => recent
    .filter((t) => t.includes(filter))
    .map((t) => ({ label: t, description: 'recent', target: t }));
  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.title = 'Diagnose TLS Endpoint';
  pick.placeholder = 'host[:port], [IPv6]:port or https:// URL (port 443 when omitted)';
  pick.ignoreFocusOut = true;
  const update = (value: string): void => {
    const text = value.trim();
    if (text === '') {
      pick.items = recentItems('');
      return;
    }
    const parsed = parseTargetInput(text);
    const typed: TargetItem = parsed.ok
      ? { label: parsed.target, description: 'diagnose this endpoint', alwaysShow: true, target: parsed.target }
      : { label: `$(error) ${text}`, description: parsed.message, alwaysShow: true };
    pick.items = [typed, ...recentItems(text).filter((item) => item.target !== typed.target)];
  };
  pick.onDidChangeValue(update);
  const prefill = endpointUnderCursor();
  if (prefill) pick.value = prefill;
  update(pick.value);
  return new Promise((resolve) => {
    let chosen: string | undefined;
    pick.onDidAccept(() => {
      const target = pick.selectedItems[0]?.target ?? pick.activeItems[0]?.target;
      if (!target) return; // an invalid entry: keep the picker open with its explanation
      chosen = target;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

/** The CA file setting; in an untrusted workspace only the user's own value counts, never the workspace's. */
async function readCaFile(): Promise<{ readonly path: string; readonly pem: string; readonly certificates: number } | undefined> {
  const inspected = vscode.workspace.getConfiguration(configSection).inspect<string>('probe.caFile');
  const configured = vscode.workspace.isTrusted
    ? vscode.workspace.getConfiguration(configSection).get<string>('probe.caFile', '')
    : inspected?.globalValue ?? '';
  if (configured.trim() === '') return undefined;
  const file = configured.trim().replace(/^~(?=$|[\\/])/, os.homedir());
  if (!path.isAbsolute(file)) throw new Error(`openssl-doctor.probe.caFile must be an absolute path, not "${configured}"`);
  const stat = await fs.stat(file).catch((error: unknown) => { throw new Error(`cannot read openssl-doctor.probe.caFile ${file}: ${error instanceof Error ? error.message : String(error)}`); });
  if (!stat.isFile() || stat.size > maxCaFileBytes) throw new Error(`openssl-doctor.probe.caFile ${file} is not a PEM file of at most 4 MB`);
  const pem = await fs.readFile(file, 'utf8');
  const certificates = pem.split('-----BEGIN CERTIFICATE-----').length - 1;
  if (certificates === 0) throw new Error(`openssl-doctor.probe.caFile ${file} contains no PEM certificate`);
  return { path: file, pem, certificates };
}

function networkSettings(caFile: { path: string; certificates: number } | undefined): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const ours = vscode.workspace.getConfiguration(configSection);
  return {
    proxy: http.get<string>('proxy', ''),
    noProxy: http.get<string[]>('noProxy', []).filter((entry) => typeof entry === 'string'),
    proxySupport: http.get<string>('proxySupport', 'override'),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL', true),
    timeoutMs: ours.get<number>('probe.timeoutMs', 10_000),
    caFile,
    env: process.env,
  };
}

function describeEvent(event: ProbeEvent): string {
  return event.kind === 'step-started'
    ? `${event.step}: ${event.detail}`
    : `${event.step.name}: ${event.step.outcome} in ${event.step.ms} ms — ${event.step.detail}`;
}

/** Opens the panel, runs the probe, and waits (bounded) for the webview to confirm it shows the outcome. */
async function diagnose(environment: PanelEnvironment, target: string, host: string, port: number): Promise<DiagnosisResult> {
  const panel = DiagnosisPanel.show(environment, startedModel(target, [], Date.now()));
  const { outcome, shown } = await runProbe(environment, panel, target, host, port);
  const rendered = await panel.whenRendered((s) => s.phase === shown.phase && s.diagnosisId === shown.report?.diagnosis.id, renderConfirmMs);
  return { ...outcome, rendered };
}

async function runProbe(environment: PanelEnvironment, panel: DiagnosisPanel, target: string, host: string, port: number): Promise<{ outcome: DiagnosisResult; shown: PanelModel }> {
  const { log } = environment;
  let ca: string | undefined;
  let run: ProbeRunSettings;
  let model = startedModel(target, [], Date.now());
  try {
    const caFile = await readCaFile();
    ca = caFile?.pem;
    run = probeRunSettings(networkSettings(caFile), host, port);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Diagnose ${target}: ${message}`);
    model = withError(model, message);
    panel.startRun(model, () => undefined).finish();
    return { outcome: { target, error: message }, shown: model };
  }
  model = startedModel(target, run.notes, Date.now());
  const controller = new AbortController();
  const panelRun = panel.startRun(model, () => controller.abort());
  log.info(`Diagnose ${target}: ${run.notes.join('; ')}`);

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Diagnosing ${target}`, cancellable: true },
    async (progress, token): Promise<DiagnosisResult> => {
      const onCancel = token.onCancellationRequested(() => controller.abort());
      try {
        const report = await probeEndpoint(target, {
          timeoutMs: run.timeoutMs, ca, proxy: run.proxy, signal: controller.signal,
          onEvent: (event) => {
            model = withEvent(model, event);
            panelRun.update(model);
            log.info(`[${target}] ${describeEvent(event)}`);
            if (event.kind === 'step-started') progress.report({ message: event.detail });
          },
        });
        model = withReport(model, report);
        panelRun.update(model);
        log.info(`[${target}] ${report.verdict}: ${report.diagnosis.id} (${report.diagnosis.title}) in ${report.ms} ms${report.cancelled ? ', cancelled' : ''}`);
        return { target, report };
      } catch (error) {
        // Only invalid input throws (a malformed proxy URL): the network's behaviour always ends in a report.
        const message = error instanceof Error ? error.message : String(error);
        log.error(`Diagnose ${target}: ${message}`);
        model = withError(model, message);
        panelRun.update(model);
        return { target, error: message };
      } finally {
        onCancel.dispose();
        panelRun.finish();
      }
    });
  return { outcome, shown: model };
}

export const diagnoseEndpoint: Feature = {
  name: 'diagnose TLS endpoint',
  register({ extension, log }) {
    const environment: PanelEnvironment = { extensionUri: extension.extensionUri, log };
    extension.subscriptions.push(vscode.commands.registerCommand(CommandId.diagnoseTlsEndpoint, async (argument?: unknown): Promise<DiagnosisResult | undefined> => {
      // From the palette there is no argument; from a code action or the panel's re-run, the target.
      const input = typeof argument === 'string' ? argument : await pickTarget(extension.globalState);
      if (input === undefined) return undefined;
      const parsed = parseTargetInput(input);
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(`OpenSSL Doctor: ${parsed.message}`);
        return undefined;
      }
      await remember(extension.globalState, parsed.target);
      return diagnose(environment, parsed.target, parsed.host, parsed.port);
    }));
  },
};
