import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { startedModel, withEvent, withReport } from '../../src/core/diagnosis/panelModel';
import { diagnosisViewType } from '../../src/core/diagnosis/protocol';
import type { DiagnosisResult } from '../../src/features/diagnoseEndpoint';
import { DiagnosisPanel } from '../../src/features/diagnosisPanel';
import { sampleReport } from '../unit/diagnosis/sampleReport';
import { createZooPki, type ZooPki } from '../zoo/pki';
import { proxyServer, rawServer, tlsServer, type ZooServer } from '../zoo/servers';
import { extensionId, waitFor } from './helpers';

function diagnosisTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(diagnosisViewType));
}

async function closeDiagnosisTabs(): Promise<void> {
  await vscode.window.tabGroups.close(diagnosisTabs());
}

async function diagnose(target: string): Promise<DiagnosisResult> {
  const result = await vscode.commands.executeCommand<DiagnosisResult | undefined>(CommandId.diagnoseTlsEndpoint, target);
  assert.ok(result, 'the command returned nothing');
  return result;
}

suite('Diagnose TLS Endpoint command and panel', () => {
  let pki: ZooPki;
  let scratch: string;
  const servers: ZooServer[] = [];
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('openssl-doctor');

  suiteSetup(async () => {
    pki = createZooPki();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-panel-'));
    const caFile = path.join(scratch, 'zoo-root.pem');
    fs.writeFileSync(caFile, pki.root.pem);
    await settings().update('probe.caFile', caFile, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  suiteTeardown(async () => {
    await settings().update('probe.caFile', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('probe.timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  teardown(closeDiagnosisTabs);

  test('a healthy zoo endpoint: the panel opens and renders the diagnosis, chain and timeline', async () => {
    const server = await tlsServer({ key: pki.good.keyPem, cert: pki.good.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    servers.push(server);
    const target = `127.0.0.1:${server.port}`;
    const result = await diagnose(target);
    assert.equal(result.report?.diagnosis.id, 'healthy', JSON.stringify(result.report?.diagnosis));
    assert.ok(diagnosisTabs().some((t) => t.label === `TLS ${target}`), 'no panel tab for the target');
    const rendered = result.rendered;
    assert.ok(rendered, 'the webview did not confirm what it rendered');
    assert.equal(rendered.diagnosisId, 'healthy');
    assert.equal(rendered.phase, 'done');
    assert.equal(rendered.headline, result.report.diagnosis.title);
    assert.equal(rendered.timelineRows, result.report.steps.length);
    assert.equal(rendered.certificates, 2, 'leaf and intermediate');

    // Re-run acts on the panel the user looked at last, and reuses it.
    const again = await vscode.commands.executeCommand<DiagnosisResult | undefined>(CommandId.rerunDiagnosis);
    assert.equal(again?.target, target);
    assert.equal(again.rendered?.diagnosisId, 'healthy');
    assert.equal(diagnosisTabs().filter((t) => t.label === `TLS ${target}`).length, 1);
  });

  test('a failing zoo endpoint (expired certificate) is rendered as a failure, and its report can be saved and copied', async () => {
    const server = await tlsServer({ key: pki.expired.keyPem, cert: pki.expired.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    servers.push(server);
    const result = await diagnose(`127.0.0.1:${server.port}`);
    assert.equal(result.report?.diagnosis.id, 'cert-expired');
    assert.equal(result.rendered?.diagnosisId, 'cert-expired');
    assert.equal(result.rendered.headline, 'The certificate has expired');

    const destination = vscode.Uri.file(path.join(scratch, 'saved.json'));
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(CommandId.saveDiagnosisJson, destination);
    assert.equal(saved?.fsPath, destination.fsPath);
    const json = JSON.parse(fs.readFileSync(destination.fsPath, 'utf8')) as { version: number; verdict: string; diagnosis: { id: string } };
    assert.deepEqual([json.version, json.verdict, json.diagnosis.id], [1, 'fail', 'cert-expired']);

    assert.equal(await vscode.commands.executeCommand<boolean>(CommandId.copyDiagnosisMarkdown), true);
    assert.match(await vscode.env.clipboard.readText(), /Failure: The certificate has expired/);
  });

  test('http.proxy is used (a 407 proxy is the diagnosis), and http.noProxy bypasses it', async () => {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = await proxyServer(407);
    const server = await tlsServer({ key: pki.good.keyPem, cert: pki.good.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    servers.push(proxy, server);
    try {
      await http.update('proxy', `http://user:secret@127.0.0.1:${proxy.port}`, vscode.ConfigurationTarget.Global);
      const viaProxy = await diagnose(`127.0.0.1:${server.port}`);
      assert.equal(viaProxy.report?.diagnosis.id, 'proxy-auth-required', JSON.stringify(viaProxy.report?.diagnosis));
      assert.equal(viaProxy.report.target.proxy, `http://127.0.0.1:${proxy.port}`);
      await http.update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      const direct = await diagnose(`127.0.0.1:${server.port}`);
      assert.equal(direct.report?.diagnosis.id, 'healthy');
      assert.equal(direct.report.target.proxy, undefined);
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('an unreadable CA file is shown in the panel instead of probing', async () => {
    await settings().update('probe.caFile', path.join(scratch, 'missing.pem'), vscode.ConfigurationTarget.Global);
    try {
      const result = await diagnose('127.0.0.1:9');
      assert.match(result.error ?? '', /cannot read openssl-doctor\.probe\.caFile/);
      assert.equal(result.rendered?.phase, 'failed');
      assert.equal(result.rendered.headline, 'The probe could not run');
    } finally {
      await settings().update('probe.caFile', path.join(scratch, 'zoo-root.pem'), vscode.ConfigurationTarget.Global);
    }
  });

  test('a target that is not host[:port] is refused before anything connects', async () => {
    const result = await vscode.commands.executeCommand<DiagnosisResult | undefined>(CommandId.diagnoseTlsEndpoint, 'http://127.0.0.1:1');
    assert.equal(result, undefined);
    assert.equal(diagnosisTabs().length, 0);
  });

  test('closing the panel cancels the probe and closes every socket it opened', async () => {
    await settings().update('probe.timeoutMs', 60_000, vscode.ConfigurationTarget.Global);
    const open = new Set<unknown>();
    let accepted: () => void = () => undefined;
    const firstConnection = new Promise<void>((resolve) => { accepted = resolve; });
    const silent = await rawServer((socket) => {
      open.add(socket);
      // Silent, but reading: a socket whose input is never read never sees the client's FIN.
      socket.resume();
      socket.on('close', () => open.delete(socket));
      accepted();
    });
    servers.push(silent);
    const target = `127.0.0.1:${silent.port}`;
    const running = vscode.commands.executeCommand<DiagnosisResult | undefined>(CommandId.diagnoseTlsEndpoint, target);
    await firstConnection;
    const tab = await waitFor('the panel tab', () => diagnosisTabs().find((t) => t.label === `TLS ${target}`));
    await vscode.window.tabGroups.close(tab);
    const result = await running;
    assert.equal(result?.report?.cancelled, true, JSON.stringify(result?.report?.steps));
    await waitFor('the server to see every probe socket closed', () => (open.size === 0 ? true : undefined));
  });

  test('the serializer path restores a saved panel without re-running the probe', async () => {
    const log = vscode.window.createOutputChannel('OpenSSL Doctor restore test', { log: true });
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const environment = { extensionUri: extension.extensionUri, log };
    try {
      const report = sampleReport();
      const saved = { model: withReport(startedModel('127.0.0.1:8443', ['deadline 10000 ms'], 1), report) };
      const revived = vscode.window.createWebviewPanel(diagnosisViewType, 'TLS 127.0.0.1:8443', vscode.ViewColumn.Beside);
      const panel = DiagnosisPanel.restore(environment, revived, JSON.parse(JSON.stringify(saved)));
      const rendered = await panel.whenRendered((s) => s.diagnosisId === 'cert-expired', 20_000);
      assert.equal(rendered?.headline, 'The certificate has expired');
      assert.equal(rendered.phase, 'done');
      assert.equal(revived.webview.options.enableCommandUris, false);
      assert.deepEqual(revived.webview.options.localResourceRoots?.map((u) => u.path), [vscode.Uri.joinPath(extension.extensionUri, 'dist').path]);
      assert.match(revived.webview.html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
      assert.doesNotMatch(revived.webview.html, /unsafe-inline|unsafe-eval|127\.0\.0\.1/);
      revived.dispose();

      const interrupted = withEvent(startedModel('127.0.0.1:9', [], 1), { kind: 'step-started', step: 'dns', detail: 'resolving' });
      const stopped = vscode.window.createWebviewPanel(diagnosisViewType, 'TLS 127.0.0.1:9', vscode.ViewColumn.Beside);
      const stoppedPanel = DiagnosisPanel.restore(environment, stopped, { model: interrupted });
      assert.equal((await stoppedPanel.whenRendered((s) => s.phase === 'cancelled', 20_000))?.target, '127.0.0.1:9');
      stopped.dispose();

      const broken = vscode.window.createWebviewPanel(diagnosisViewType, 'TLS 127.0.0.1:7', vscode.ViewColumn.Beside);
      const brokenPanel = DiagnosisPanel.restore(environment, broken, { model: { target: '<img src=x onerror=alert(1)>' } });
      const shown = await brokenPanel.whenRendered((s) => s.phase === 'failed', 20_000);
      assert.equal(shown?.headline, 'The probe could not run');
      assert.equal(shown.target, '127.0.0.1:7');
      broken.dispose();
    } finally {
      log.dispose();
    }
  });

  test('a host named in C code offers a code action that diagnoses it', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'c', content: 'void f(SSL *ssl) {\n    SSL_set_tlsext_host_name(ssl, "api.example.org");\n}\n' });
    const position = new vscode.Position(1, 40);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
    const action = actions.find((a) => a.title === 'Diagnose TLS endpoint api.example.org:443');
    assert.ok(action, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual([action.command?.command, action.command?.arguments], [CommandId.diagnoseTlsEndpoint, ['api.example.org:443']]);
    const elsewhere = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 2, 0, 2));
    assert.ok(!elsewhere.some((a) => a.title.startsWith('Diagnose TLS endpoint')));
  });
});
