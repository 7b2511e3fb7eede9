import * as assert from 'node:assert/strict';
import { startedModel, withReport } from '../../../src/core/diagnosis/panelModel';
import { parseFromWebview, parsePanelState, parseToWebview } from '../../../src/core/diagnosis/protocol';
import { sampleReport } from './sampleReport';

function rejects(result: { ok: boolean; problem?: string }, where: RegExp): void {
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', where);
}

suite('diagnosis: panel message protocol', () => {
  const model = withReport(startedModel('127.0.0.1:8443', ['deadline 10000 ms'], 1), sampleReport());

  test('a model message with a full report passes, and survives a JSON round trip', () => {
    const message = JSON.parse(JSON.stringify({ type: 'model', model })) as unknown;
    const parsed = parseToWebview(message);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.deepEqual(parsed.value.model.report?.diagnosis.id, 'cert-expired');
    assert.ok(parsePanelState({ model }).ok);
  });

  test('messages to the webview with a wrong shape are rejected with the path of the problem', () => {
    rejects(parseToWebview(null), /message/);
    rejects(parseToWebview({ type: 'html', html: '<b>' }), /message\.type: unknown html/);
    rejects(parseToWebview({ type: 'model', model: { ...model, phase: 'exploded' } }), /message\.model\.phase/);
    rejects(parseToWebview({ type: 'model', model: { ...model, timeline: 'none' } }), /message\.model\.timeline/);
    const report = sampleReport();
    rejects(parseToWebview({ type: 'model', model: { ...model, report: { ...report, diagnosis: { ...report.diagnosis, id: 'made-up' } } } }), /diagnosis\.id/);
    rejects(parseToWebview({ type: 'model', model: { ...model, report: { ...report, chain: { ...report.chain, certificates: [{ subject: 1 }] } } } }), /certificates\[0\]\.subject/);
    rejects(parseToWebview({ type: 'model', model: { ...model, report: { ...report, versions: { SSLv2: 'accepted' } } } }), /unexpected key "SSLv2"/);
    rejects(parseToWebview({ type: 'model', model: { ...model, report: { ...report, ms: Number.NaN } } }), /\.ms: expected a finite number/);
    rejects(parseToWebview({ type: 'model', model: { ...model, settings: new Array(20_000).fill('x') } }), /settings/);
    rejects(parseToWebview({ type: 'model', model: { ...model, timeline: new Array(201).fill(model.timeline[0]) } }), /timeline/);
    rejects(parseToWebview({ type: 'model', model: { ...model, target: 'x'.repeat(200_000) } }), /target/);
  });

  test('messages from the webview: known actions pass, anything else is rejected', () => {
    for (const type of ['ready', 'rerun', 'cancel', 'copyMarkdown', 'saveJson', 'openLog']) assert.ok(parseFromWebview({ type }).ok, type);
    const summary = { target: 't:1', phase: 'done', diagnosisId: 'healthy', headline: 'The endpoint works', timelineRows: 3, certificates: 1 };
    assert.ok(parseFromWebview({ type: 'rendered', summary }).ok);
    rejects(parseFromWebview({ type: 'rendered', summary: { ...summary, timelineRows: '3' } }), /timelineRows/);
    rejects(parseFromWebview({ type: 'executeCommand', command: 'workbench.action.terminal.new' }), /unknown executeCommand/);
    rejects(parseFromWebview({ type: 'constructor' }), /unknown constructor/);
    rejects(parseFromWebview({ type: '__proto__' }), /unknown/);
    rejects(parseFromWebview('ready'), /expected an object/);
    rejects(parseFromWebview(undefined), /expected an object/);
  });

  test('a saved state without a model, or from an older shape, is not accepted', () => {
    rejects(parsePanelState(undefined), /state/);
    rejects(parsePanelState({}), /state\.model/);
    rejects(parsePanelState({ model: { target: 'x' } }), /state\.model\.phase/);
  });
});
