import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, waitFor, workspaceFile } from './helpers';

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

function findings(uri: vscode.Uri, ruleId: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenSSL Doctor' && ruleOf(d) === ruleId);
}

const callbackClient = `#include <openssl/ssl.h>
static int check_peer(int preverify_ok, X509_STORE_CTX *x509_ctx) { return preverify_ok; }
SSL *open_connection(SSL_CTX *tls, int fd)
{
    SSL *conn = SSL_new(tls);
    SSL_set_verify(conn, SSL_VERIFY_PEER, check_peer);
    SSL_set_fd(conn, fd);
    SSL_set_connect_state(conn);
    return conn;
}
SSL_CTX *legacy_ctx(void) { return SSL_CTX_new(TLSv1_2_client_method()); }
`;

suite('certificate rules', () => {
  test('C1: a client with SSL_VERIFY_NONE is flagged, and its quick-fix switches to SSL_VERIFY_PEER', async () => {
    const editor = await openFile('verify_none_client.c');
    const uri = editor.document.uri;
    try {
      const diagnostic = await waitFor('the C1 diagnostic', () => findings(uri, 'C1')[0]);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(editor.document.getText(diagnostic.range), 'SSL_VERIFY_NONE');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Verify the server: use SSL_VERIFY_PEER'));
      assert.ok(fix?.edit, `no C1 fix among: ${actions.map((a) => a.title).join('; ')}`);
      assert.ok(actions.some((a) => a.title.startsWith('Disable C1 (tls-client-verify-none) for this line')), 'no suppression action');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(editor.document.lineAt(diagnostic.range.start.line).text, /SSL_CTX_set_verify\(ctx, SSL_VERIFY_PEER, NULL\);/);
      await waitFor('C1 to go away after the fix', () => (findings(uri, 'C1').length === 0 ? true : undefined));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('openssl-doctor.lint.allowVerifyNone silences C1 for the listed function, and only while it is set', async () => {
    const editor = await openFile('verify_none_client.c');
    const uri = editor.document.uri;
    const config = vscode.workspace.getConfiguration('openssl-doctor.lint');
    await waitFor('the C1 diagnostic', () => findings(uri, 'C1')[0]);
    try {
      await config.update('allowVerifyNone', ['open_client'], vscode.ConfigurationTarget.Workspace);
      await waitFor('C1 to go away with the setting', () => (findings(uri, 'C1').length === 0 ? true : undefined));
    } finally {
      await config.update('allowVerifyNone', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('C1 to come back without the setting', () => findings(uri, 'C1')[0]);
  });

  test('C2 in the function that installs a verify callback follows edits of the callback', async () => {
    await vscode.workspace.fs.writeFile(workspaceFile('callback_client.c'), new TextEncoder().encode(callbackClient));
    const editor = await openFile('callback_client.c');
    const uri = editor.document.uri;
    try {
      // The first lint (D1 in legacy_ctx) fills the editor's lint cache that the edits below go through.
      await waitFor('the first lint', () => findings(uri, 'D1')[0]);
      assert.deepEqual(findings(uri, 'C2'), []);
      const body = editor.document.getText().indexOf('return preverify_ok;');
      await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(body), editor.document.positionAt(body + 'return preverify_ok;'.length)), 'return 1;'));
      const diagnostic = await waitFor('C2 after the callback accepts everything', () => findings(uri, 'C2')[0]);
      assert.equal(editor.document.getText(diagnostic.range), 'check_peer');
      const edited = editor.document.getText().indexOf('return 1;');
      await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(edited), editor.document.positionAt(edited + 'return 1;'.length)), 'return preverify_ok;'));
      await waitFor('C2 to go away when the callback uses preverify_ok again', () => (findings(uri, 'C2').length === 0 ? true : undefined));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
