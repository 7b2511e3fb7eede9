// One mocha test per zoo scenario with the checks every run makes, shared by the plain-Node suite and the
// extension-host suite.
import * as assert from 'node:assert/strict';
import { maxConnections } from '../../src/core/probe/budget';
import { tapByteCap } from '../../src/core/probe/handshake';
import { rawByteCap } from '../../src/core/probe/rawExchange';
import { probeEndpoint } from '../../src/core/probe/probe';
import type { ProbeReport } from '../../src/core/probe/report';
import { createZooPki, type ZooPki } from './pki';
import { scenarios, type Scenario, type ScenarioSetup } from './scenarios';

function assertScenario(scenario: Scenario, setup: ScenarioSetup, report: ProbeReport): void {
  const context = `${scenario.name}: ${JSON.stringify({ diagnosis: report.diagnosis, findings: report.findings, steps: report.steps }, null, 1)}`;
  assert.equal(report.diagnosis.id, scenario.expect, context);
  assert.equal(report.verdict, scenario.verdict, context);
  const text = [report.diagnosis.summary, ...report.diagnosis.evidence];
  assert.ok(text.some((line) => scenario.evidence.test(line)), `${scenario.name}: no summary or evidence line matches ${String(scenario.evidence)}\n${context}`);
  if (scenario.finding) assert.ok(report.findings.some((f) => f.id === scenario.finding), `${scenario.name}: finding ${scenario.finding} missing\n${context}`);
  assert.ok(report.connections <= maxConnections, `${scenario.name}: ${report.connections} connections`);
  // The deadline is a hard bound: the probe returns within it plus the time to classify.
  const deadline = setup.options.timeoutMs ?? 10_000;
  assert.ok(report.ms <= deadline + 500, `${scenario.name}: took ${report.ms} ms with a ${deadline} ms deadline`);
  assert.ok(report.diagnosis.openssl.call.length > 0);
  if (scenario.hostile) {
    // Endless or enormous answers are read only up to the byte caps: two tapped handshakes, the rest raw.
    const bound = 2 * tapByteCap + maxConnections * rawByteCap;
    assert.ok(report.bytesRead <= bound, `${scenario.name}: read ${report.bytesRead} bytes, more than the caps allow (${bound})`);
  }
}

/** Registers, inside the current suite, a test per scenario against loopback servers made for it. */
export function defineScenarioTests(): void {
  let pki: ZooPki;
  suiteSetup(() => {
    pki = createZooPki();
  });
  for (const scenario of scenarios) {
    test(`${scenario.name} → ${scenario.expect}`, async () => {
      const setup = await scenario.setup(pki);
      try {
        assertScenario(scenario, setup, await probeEndpoint(setup.target, setup.options));
      } finally {
        await setup.close();
      }
    });
  }
}
