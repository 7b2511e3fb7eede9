import { defineScenarioTests } from '../zoo/scenarioTests';

// The probe engine on the runtime users have: the extension host's Node and TLS library, not the test runner's.
suite(`probe zoo in the extension host (${process.versions.openssl ? `TLS library ${process.versions.openssl}` : 'unknown TLS library'})`, () => {
  defineScenarioTests();
});
