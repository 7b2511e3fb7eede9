// Offers "Diagnose TLS endpoint host:port" on a C/C++ string literal that names a host, or on the host argument
// of SSL_set_tlsext_host_name / BIO_set_conn_hostname and friends, so the endpoint the code connects to can be
// diagnosed from the code itself.
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { endpointLiteralAt, type EndpointLiteral } from '../core/diagnosis/endpointInCode';
import type { Feature } from './featureContext';

const selector: vscode.DocumentSelector = [{ language: 'c' }, { language: 'cpp' }];
/** The lookup lexes from the top of the file to the cursor on every cursor move: past this, it stays silent. */
const maxOffset = 1024 * 1024;

/** The endpoint named by the C/C++ string literal at `position`, if any. */
export function endpointAt(document: vscode.TextDocument, position: vscode.Position): EndpointLiteral | undefined {
  const offset = document.offsetAt(position);
  if (offset > maxOffset) return undefined;
  // A literal under the cursor ends within a few KiB: the rest of the document is not needed.
  return endpointLiteralAt(document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(offset + 4096))), offset);
}

class EndpointCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.Empty];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const found = endpointAt(document, range.start);
    if (!found) return [];
    const action = new vscode.CodeAction(`Diagnose TLS endpoint ${found.target}`, vscode.CodeActionKind.Empty);
    action.command = { command: CommandId.diagnoseTlsEndpoint, title: action.title, arguments: [found.target] };
    return [action];
  }
}

export const endpointCodeActions: Feature = {
  name: 'diagnose endpoint from code',
  register({ extension }) {
    extension.subscriptions.push(vscode.languages.registerCodeActionsProvider(selector, new EndpointCodeActions(), {
      providedCodeActionKinds: EndpointCodeActions.kinds,
    }));
  },
};
