import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplainResult } from '../../src/core/knowledge/explainText';
import { openFile, waitFor } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

async function hoverAt(relative: string, line: number, text: string, offset = 1): Promise<string> {
  const editor = await openFile(relative);
  const column = editor.document.lineAt(line).text.indexOf(text);
  assert.ok(column >= 0, `"${text}" not on line ${line} of ${relative}`);
  const position = new vscode.Position(line, column + offset);
  // The first hover request can race the extension's activation; ask until it answers.
  return waitFor(`a hover on ${text}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const value = hoverText(hovers);
    return value.includes('—') ? value : undefined;
  });
}

suite('explain', () => {
  test('hovering SSL_ERROR_ZERO_RETURN in C explains it', async () => {
    const text = await hoverAt('explain.c', 10, 'SSL_ERROR_ZERO_RETURN');
    assert.match(text, /\*\*SSL\\_ERROR\\_ZERO\\_RETURN\*\*/);
    assert.match(text, /close\\_notify/);
  });

  test('hovering an errno name in C explains it', async () => {
    const text = await hoverAt('explain.c', 8, 'ECONNRESET');
    assert.match(text, /\*\*ECONNRESET\*\*/);
  });

  test('hovering reason and verify macros in C explains them', async () => {
    assert.match(await hoverAt('explain.c', 23, 'SSL_R_UNEXPECTED_EOF_WHILE_READING'), /\*\*SSL\\_R\\_UNEXPECTED\\_EOF\\_WHILE\\_READING\*\* — The peer closed/);
    assert.match(await hoverAt('explain.c', 23, 'X509_V_ERR_CERT_HAS_EXPIRED'), /\*\*X509\\_V\\_ERR\\_CERT\\_HAS\\_EXPIRED\*\*/);
  });

  test('a number compared with SSL_get_error()\'s result is explained as SSL_ERROR_*', async () => {
    assert.match(await hoverAt('explain.c', 7, '5'), /\*\*SSL\\_ERROR\\_SYSCALL\*\*/);
    assert.match(await hoverAt('explain.c', 12, '2'), /\*\*SSL\\_ERROR\\_WANT\\_READ\*\*/);
  });

  test('a number compared with SSL_get_verify_result()\'s result is explained as X509_V_ERR_*', async () => {
    assert.match(await hoverAt('explain.c', 16, '20'), /X509\\_V\\_ERR\\_UNABLE\\_TO\\_GET\\_ISSUER\\_CERT\\_LOCALLY/);
  });

  test('a number compared with anything else gets no hover', async () => {
    const editor = await openFile('explain.c');
    const line = 18;
    const column = editor.document.lineAt(line).text.indexOf('5');
    await hoverAt('explain.c', 7, '5'); // the provider is up
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, column));
    assert.doesNotMatch(hoverText(hovers), /SSL\\_ERROR/);
  });

  test('hovering an OpenSSL error line in a log file explains it', async () => {
    const text = await hoverAt('errors.log', 0, 'error:0A000126', 8);
    assert.match(text, /SSL\\_R\\_UNEXPECTED\\_EOF\\_WHILE\\_READING/);
    assert.match(text, /close\\_notify/);
  });

  test('hovering a curl line explains every code it carries', async () => {
    const text = await hoverAt('errors.log', 1, 'errno 104', 2);
    assert.match(text, /ECONNRESET/);
  });

  test('hovering a bare packed code in a plain-text file decodes it', async () => {
    const text = await hoverAt('notes.txt', 0, '0A000126', 3);
    assert.match(text, /SSL\\_R\\_UNEXPECTED\\_EOF\\_WHILE\\_READING/);
  });

  test('the command explains a pasted excerpt, every error in order, in a Markdown document', async () => {
    const excerpt = 'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104\nerror:1408F10B:SSL routines:ssl3_get_record:wrong version number';
    const result = await vscode.commands.executeCommand<ExplainResult>('openssl-doctor.explainError', excerpt);
    assert.deepEqual(result.items.map((i) => i.name), ['curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET', 'SSL_R_WRONG_VERSION_NUMBER']);
    const document = await waitFor('the explanation document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'openssl-doctor-explain'));
    await waitFor('its rendered preview', () => (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.includes('Explanation')) ? true : undefined));
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /^# OpenSSL Doctor: 4 explanations/);
    assert.match(document.getText(), /^## 4\. SSL\\_R\\_WRONG\\_VERSION\\_NUMBER$/m);
  });

  test('the command explains the selection when there is one', async () => {
    const editor = await openFile('errors.log');
    editor.selection = new vscode.Selection(0, 0, 1, editor.document.lineAt(1).text.length);
    const result = await vscode.commands.executeCommand<ExplainResult>('openssl-doctor.explainError');
    assert.deepEqual(result.items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']);
  });

  test('s_client transcripts can use the OpenSSL/TLS Log language', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('openssl-log'));
    const document = await vscode.workspace.openTextDocument({ language: 'openssl-log', content: 'CONNECTED(00000003)\nread:errno=0\n' });
    await vscode.window.showTextDocument(document);
    const hovers = await waitFor('a hover in an openssl-log document', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 3));
      return found.length > 0 ? found : undefined;
    });
    assert.match(hoverText(hovers), /s\\_client read:errno/);
  });
});

suite('explain command input', () => {
  test('without a selection, a multi-line clipboard is offered and explained', async () => {
    const editor = await openFile('notes.txt');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.env.clipboard.writeText('read:errno=0\nverify error:num=20:unable to get local issuer certificate\n');
    const running = vscode.commands.executeCommand<ExplainResult | undefined>('openssl-doctor.explainError');
    let settled = false;
    void running.then(() => { settled = true; });
    // The quick pick lists the clipboard first; accept it once it is up (accepting before that does nothing).
    await waitFor('the quick pick to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled ? true : undefined;
    });
    const result = await running;
    assert.deepEqual(result?.items.map((i) => i.name), ['s_client read:errno', 'errno 0', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
  });
});
