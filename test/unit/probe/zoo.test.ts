import * as assert from 'node:assert/strict';
import { probeEndpoint } from '../../../src/core/probe/probe';
import { diagnosisIds } from '../../../src/core/probe/report';
import { createZooPki, type ZooPki } from '../../zoo/pki';
import { scenarios } from '../../zoo/scenarios';
import { assertScenario } from '../../zoo/assertScenario';

suite('probe: the fault zoo', function () {
  this.timeout(15_000);
  let pki: ZooPki;
  suiteSetup(() => {
    pki = createZooPki();
  });

  for (const scenario of scenarios) {
    test(`${scenario.name} → ${scenario.expect}`, async () => {
      const setup = await scenario.setup(pki);
      try {
        const report = await probeEndpoint(setup.target, setup.options);
        assertScenario(scenario, setup, report);
      } finally {
        await setup.close();
      }
    });
  }

  test('every diagnosis id a server can cause has a zoo scenario', () => {
    const covered = new Set(scenarios.map((s) => s.expect));
    // tcp-timeout and tcp-unreachable need a packet-dropping firewall or a route, not a loopback server;
    // the classifier tests cover them with recorded observations.
    const needNetwork = new Set(['tcp-timeout', 'tcp-unreachable']);
    assert.deepEqual(diagnosisIds.filter((id) => !covered.has(id) && !needNetwork.has(id)), []);
  });
});
