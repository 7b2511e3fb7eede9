import { probeEndpoint } from '../../src/core/probe/probe';
import { assertScenario } from '../zoo/assertScenario';
import { createZooPki, type ZooPki } from '../zoo/pki';
import { scenarios } from '../zoo/scenarios';

// The probe engine on the runtime users have: the extension host's Node and TLS library, not the test runner's.
suite(`probe zoo in the extension host (${process.versions.openssl ? `TLS library ${process.versions.openssl}` : 'unknown TLS library'})`, () => {
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
});
