import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, openFile, waitFor } from './helpers';

interface ContributedCommand { command: string }

suite('activation', () => {
  test('activates on a C file and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await openFile('client.c');
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
    const contributed = (extension.packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  test('a diagnostic published by a test double can be read back', async () => {
    const editor = await openFile('client.c');
    const collection = vscode.languages.createDiagnosticCollection('openssl-doctor-test-double');
    try {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(2, 0, 2, 5), 'test double', vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'test double';
      diagnostic.code = 'A1';
      collection.set(editor.document.uri, [diagnostic]);
      const read = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'test double');
      assert.equal(read.length, 1);
      assert.equal(read[0]?.message, 'test double');
      assert.equal(read[0]?.code, 'A1');
    } finally {
      collection.dispose();
    }
  });
});
