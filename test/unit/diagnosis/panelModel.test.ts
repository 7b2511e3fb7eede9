import * as assert from 'node:assert/strict';
import { restoredModel, startedModel, withError, withEvent, withReport } from '../../../src/core/diagnosis/panelModel';
import { sampleReport } from './sampleReport';

suite('diagnosis: panel model while a probe streams', () => {
  test('started steps appear as running and are completed by their finish event, in order', () => {
    let model = startedModel('example.org:443', [], 0);
    model = withEvent(model, { kind: 'step-started', step: 'dns', detail: 'resolving example.org' });
    assert.deepEqual(model.timeline, [{ name: 'dns', detail: 'resolving example.org', state: 'running' }]);
    model = withEvent(model, { kind: 'step-finished', step: { name: 'dns', ms: 3, outcome: 'resolved', detail: 'A: 192.0.2.1' } });
    model = withEvent(model, { kind: 'step-started', step: 'tcp', detail: 'connecting' });
    model = withEvent(model, { kind: 'step-started', step: 'banner', detail: 'listening' });
    model = withEvent(model, { kind: 'step-finished', step: { name: 'tcp', ms: 1, outcome: 'connected', detail: 'ok' } });
    assert.deepEqual(model.timeline.map((s) => `${s.name}:${s.state}:${s.outcome ?? ''}`), ['dns:done:resolved', 'tcp:done:connected', 'banner:running:']);
  });

  test('a finish without a start (the close check) is appended; the report replaces the live timeline, in its order', () => {
    let model = startedModel('example.org:443', [], 0);
    for (const step of ['dns', 'tcp', 'banner', 'handshake'] as const) model = withEvent(model, { kind: 'step-started', step, detail: step });
    model = withEvent(model, { kind: 'step-finished', step: { name: 'close', ms: 2, outcome: 'close_notify', detail: 'clean' } });
    assert.equal(model.timeline.length, 5);
    // Recorded as they finished: the banner listen ends after the handshake; certificates were never announced live.
    const steps = (['dns', 'tcp', 'handshake', 'close', 'banner', 'certificates'] as const).map((name, ms) => ({ name, ms, outcome: 'ok', detail: name }));
    model = withReport(model, sampleReport({ steps }));
    assert.equal(model.phase, 'done');
    assert.deepEqual(model.timeline.map((s) => s.name), ['dns', 'tcp', 'banner', 'handshake', 'close', 'certificates']);
    assert.ok(model.timeline.every((s) => s.state === 'done'));
    assert.deepEqual(withReport(startedModel('x:1', [], 0), sampleReport()).timeline.map((s) => s.name), sampleReport().steps.map((s) => s.name), 'without a live timeline the report order stays');
    assert.equal(withEvent(model, { kind: 'step-started', step: 'dns', detail: 'late' }), model, 'events after the end are ignored');
  });

  test('cancelled reports, errors and reloads end in a phase the panel can show', () => {
    const started = startedModel('example.org:443', [], 0);
    assert.equal(withReport(started, sampleReport({ cancelled: true })).phase, 'cancelled');
    assert.deepEqual(withError(started, 'bad proxy').error, 'bad proxy');
    const running = withEvent(withEvent(started, { kind: 'step-started', step: 'dns', detail: 'x' }), { kind: 'step-finished', step: { name: 'dns', ms: 1, outcome: 'resolved', detail: 'y' } });
    const interrupted = restoredModel(withEvent(running, { kind: 'step-started', step: 'tcp', detail: 'z' }));
    assert.equal(interrupted.phase, 'cancelled');
    assert.deepEqual(interrupted.timeline.map((s) => s.name), ['dns']);
    const done = withReport(started, sampleReport());
    assert.equal(restoredModel(done), done);
  });
});
