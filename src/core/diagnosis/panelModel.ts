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

export function withReport(model: PanelModel, report: ProbeReport): PanelModel {
  return {
    ...model,
    phase: report.cancelled ? 'cancelled' : 'done',
    report,
    timeline: report.steps.map((s) => ({ name: s.name, detail: s.detail, state: 'done', ms: s.ms, outcome: s.outcome })),
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
