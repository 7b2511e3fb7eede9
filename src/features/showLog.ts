import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { Feature } from './featureContext';

/** "OpenSSL Doctor: Show Log" reveals the log channel, where every feature reports what it did and why it failed. */
export const showLog: Feature = {
  name: 'show log',
  register({ extension, log }) {
    extension.subscriptions.push(vscode.commands.registerCommand(CommandId.showLog, () => log.show(true)));
  },
};
