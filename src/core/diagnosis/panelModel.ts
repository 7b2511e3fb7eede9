// How the panel's model evolves during a run: a live timeline built from the probe's progress events, replaced by
// the report's own step records once it arrives. Pure, so the streaming logic is unit-tested without a webview.
import type { ProbeEvent, ProbeReport } from '../probe/report';
import type { PanelModel, TimelineStep } from './protocol';

export function startedModel(target: string, settings: readonly string[], startedAt: number): PanelModel {
  return { target, phase: 'running', startedAt, timeline: [], settings };
}

export function withEvent(model: PanelModel, event: ProbeEvent): PanelModel {
  if (model.phase !== 'running') return model;
  if (event.kind === 'step-started') {
    return { ...model, timeline: [...model.timeline, { name: event.step, detail: event.detail, state: 'running' }] };
  }
  const { name, ms, outcome, detail } = event.step;
  const timeline = [...model.timeline];
  // The most recent unfinished step of that name is the one that finished (steps of one name may repeat).
  let index = -1;
  for (let i = timeline.length - 1; i >= 0; i--) {
    if (timeline[i]?.name === name && timeline[i]?.state === 'running') { index = i; break; }
  }
  const done: TimelineStep = { name, detail, state: 'done', ms, outcome };
  if (index >= 0) timeline[index] = done;
  else timeline.push(done);
  return { ...model, timeline };
}

/**
 * The report's steps (recorded as they finished) in the order the live timeline showed them (as they started),
 * so the rows do not jump when the report arrives. Steps the live timeline never saw go after everything that finished before them.
 */
function inLiveOrder(live: readonly TimelineStep[], steps: ProbeReport['steps']): ProbeReport['steps'] {
  const used = new Set<number>();
  let previous = -1;
  const keyed = steps.map((step, index) => {
    const at = live.findIndex((t, i) => !used.has(i) && t.name === step.name);
    if (at >= 0) {
      used.add(at);
      previous = Math.max(previous, at);
    }
    return { step, key: at >= 0 ? at : previous + 0.5, index };
  });
  return keyed.sort((a, b) => a.key - b.key || a.index - b.index).map((k) => k.step);
}

export function withReport(model: PanelModel, report: ProbeReport): PanelModel {
  return {
    ...model,
    phase: report.cancelled ? 'cancelled' : 'done',
    report,
    timeline: inLiveOrder(model.timeline, report.steps).map((s) => ({ name: s.name, detail: s.detail, state: 'done', ms: s.ms, outcome: s.outcome })),
  };
}

export function withError(model: PanelModel, message: string): PanelModel {
  return { ...model, phase: 'failed', error: message };
}

/** A model restored after a reload: a run that was still going cannot resume, so it shows as cancelled. */
export function restoredModel(model: PanelModel): PanelModel {
  if (model.phase !== 'running') return model;
  return { ...model, phase: 'cancelled', timeline: model.timeline.filter((s) => s.state === 'done') };
}
