import * as vscode from 'vscode';
import { outputChannelName } from './constants';
import { explainCommand } from './features/explainCommand';
import { explainHover } from './features/explainHover';
import type { Feature } from './features/featureContext';
import { showLog } from './features/showLog';
import { lintDiagnostics } from './features/lintDiagnostics';
import { lintCodeActions } from './features/lintCodeActions';
import { checkWorkspace } from './features/checkWorkspace';
import { ruleDocumentation } from './features/ruleDocumentation';
import { diagnoseEndpoint } from './features/diagnoseEndpoint';
import { diagnosisPanel } from './features/diagnosisPanel';
import { endpointCodeActions } from './features/endpointCodeActions';

const features: readonly Feature[] = [
  showLog,
  lintDiagnostics, lintCodeActions, checkWorkspace, ruleDocumentation,
  explainHover, explainCommand,
  diagnosisPanel, diagnoseEndpoint, endpointCodeActions,
];

export function activate(extension: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(outputChannelName, { log: true });
  extension.subscriptions.push(log);
  log.info(`OpenSSL Doctor ${(extension.extension.packageJSON as { version: string }).version} activating in VS Code ${vscode.version}`);
  // One broken feature must not take the others down: log it, tell the user once, keep going.
  for (const feature of features) {
    try {
      feature.register({ extension, log });
    } catch (error) {
      log.error(`Feature "${feature.name}" failed to start:`, error);
      void vscode.window.showErrorMessage(`OpenSSL Doctor: ${feature.name} failed to start. See the log for details.`, 'Show Log')
        .then((choice) => { if (choice) log.show(); });
    }
  }
}

export function deactivate(): void {
  // Everything is disposed through extension.subscriptions.
}
