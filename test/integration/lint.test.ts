import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, waitFor, workspaceFile } from './helpers';

const sample = `#include <openssl/ssl.h>

int handshake(SSL *ssl)
{
    if (SSL_connect(ssl) < 0) {
        return -1;
    }
    return 0;
}

int pump(SSL *ssl, char *buf, int len)
{
    int n = SSL_read(ssl, buf, len);
    if (n <= 0) {
        return -1;
    }
    return n;
}
`;

/** Writes a fresh copy of the sample under a new name (tests edit their own file) and opens it. */
async function openSample(name: string): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(workspaceFile(name), new TextEncoder().encode(sample));
  return openFile(name);
}

function doctorDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenSSL Doctor');
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/** Waits until the document's OpenSSL Doctor diagnostics, as `line:rule`, equal `expected`. */
async function expectDiagnostics(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  let last: string[] = [];
  try {
    return await waitFor(`diagnostics ${expected.join(' ')}`, () => {
      const diagnostics = doctorDiagnostics(uri);
      last = diagnostics.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort();
      return JSON.stringify(last) === JSON.stringify([...expected].sort()) ? diagnostics : undefined;
    });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; last seen: ${last.join(' ')}`, { cause: error });
  }
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

suite('linter in the editor', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('openssl-doctor.lint').update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('openssl-doctor.lint').update('run', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('diagnostics appear with the rule code, its documentation link and related information', async () => {
    const editor = await openSample('diagnostics.c');
    const diagnostics = await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const a2 = diagnostics.find((d) => codeOf(d) === 'A2');
    assert.ok(a2);
    assert.equal(a2.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(typeof a2.code === 'object' && a2.code.target.path.endsWith('/docs/rules/A2.md'), 'code links to the rule page');
    assert.match(a2.message, /only 1 means the handshake completed/);
    assert.equal(a2.relatedInformation?.[0]?.message, 'the SSL_connect() call whose result is tested');
  });

  test('a quick-fix applies and its finding goes away', async () => {
    const editor = await openSample('quickfix.c');
    const diagnostics = await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const a2 = diagnostics.find((d) => codeOf(d) === 'A2');
    assert.ok(a2);
    const actions = await codeActions(editor.document.uri, a2.range);
    const fix = actions.find((a) => a.title === 'Test SSL_connect(ssl) != 1');
    assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(actions.some((a) => a.title.startsWith('Show documentation for A2')));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /if \(SSL_connect\(ssl\) != 1\) \{/);
    await expectDiagnostics(editor.document.uri, ['5:A0', '13:A0']);
  });

  test('fix-all applies the safe fixes', async () => {
    const editor = await openSample('fixall.c');
    await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const actions = await codeActions(editor.document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.openssl-doctor');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.openssl-doctor');
    assert.ok(fixAll?.edit, 'no fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.match(editor.document.getText(), /SSL_connect\(ssl\) != 1/);
    assert.doesNotMatch(editor.document.getText(), /switch \(SSL_get_error/, 'fix-all must not apply the unsafe skeleton fix');
    await expectDiagnostics(editor.document.uri, ['5:A0', '13:A0']);
  });

  test('the disable-next-line action inserts a comment that silences the rule', async () => {
    const editor = await openSample('suppress.c');
    const diagnostics = await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const a0 = diagnostics.find((d) => codeOf(d) === 'A0' && d.range.start.line === 12);
    assert.ok(a0);
    const disable = (await codeActions(editor.document.uri, a0.range)).find((a) => a.title.startsWith('Disable A0') && a.title.endsWith('for this line'));
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(editor.document.lineAt(12).text, '    // openssl-doctor-disable-next-line A0');
    await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2']);
  });

  test('a severity setting takes effect: off removes the rule, info downgrades it', async () => {
    const editor = await openSample('severity.c');
    await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const config = vscode.workspace.getConfiguration('openssl-doctor.lint');
    await config.update('severity', { A0: 'off', A2: 'info' }, vscode.ConfigurationTarget.Workspace);
    const diagnostics = await expectDiagnostics(editor.document.uri, ['5:A2']);
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Information);
  });

  test('diagnostics follow edits', async () => {
    const editor = await openSample('edits.c');
    await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    await editor.edit((b) => b.replace(new vscode.Range(4, 25, 4, 28), '!= 1'));
    await expectDiagnostics(editor.document.uri, ['5:A0', '13:A0']);
  });

  test('with run set to onSave, edits are linted when the file is saved', async () => {
    await vscode.workspace.getConfiguration('openssl-doctor.lint').update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    const editor = await openSample('onsave.c');
    await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    await editor.edit((b) => b.replace(new vscode.Range(4, 25, 4, 28), '!= 1'));
    await editor.document.save();
    await expectDiagnostics(editor.document.uri, ['5:A0', '13:A0']);
  });

  test('the rule documentation opens from the code action', async () => {
    const editor = await openSample('docs.c');
    const diagnostics = await expectDiagnostics(editor.document.uri, ['5:A0', '5:A2', '13:A0']);
    const a2 = diagnostics.find((d) => codeOf(d) === 'A2');
    assert.ok(a2);
    const show = (await codeActions(editor.document.uri, a2.range)).find((a) => a.title.startsWith('Show documentation for A2'));
    assert.ok(show?.command);
    await vscode.commands.executeCommand(show.command.command, ...((show.command.arguments ?? []) as unknown[]));
    await waitFor('the A2 page to open', () => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      return tabs.some((t) => t.label.includes('A2.md')) ? true : undefined;
    });
  });

  test('Check Workspace lints the files that are not open', async () => {
    await vscode.workspace.fs.writeFile(workspaceFile('closed/unopened.c'), new TextEncoder().encode(sample));
    const result = await vscode.commands.executeCommand<{ files: number; checked: number; findings: number }>('openssl-doctor.checkWorkspace');
    assert.ok(result && result.files >= 2 && result.checked === result.files, JSON.stringify(result));
    const uri = workspaceFile('closed/unopened.c');
    await expectDiagnostics(uri, ['5:A0', '5:A2', '13:A0']);
  });
});
