import * as vscode from 'vscode';
import { allRules } from '../core/analysis/rules';
import { CommandId } from '../constants';
import type { Feature } from './featureContext';
import { ruleDocUri } from './lintService';

/** "Show documentation for <rule>": opens the rule's page (a Markdown preview, or the file if preview is unavailable). */
export const ruleDocumentation: Feature = {
  name: 'rule documentation',
  register({ extension, log }) {
    extension.subscriptions.push(vscode.commands.registerCommand(CommandId.showRuleDocumentation, async (ruleId?: unknown) => {
      let id = typeof ruleId === 'string' ? ruleId : undefined;
      if (!id) {
        const pick = await vscode.window.showQuickPick(allRules.map((r) => ({ label: r.meta.id, description: r.meta.name, detail: r.meta.summary })), { placeHolder: 'Which rule?' });
        id = pick?.label;
      }
      const rule = allRules.find((r) => r.meta.id === id || r.meta.name === id);
      if (!rule) return;
      const uri = ruleDocUri(extension, rule.meta.id);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch (error) {
        log.warn(`markdown preview unavailable, opening ${uri.toString()} as text:`, error);
        await vscode.window.showTextDocument(uri);
      }
    }));
  },
};
