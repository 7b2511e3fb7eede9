import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../src/core/analysis/lint';
import { languageFor, ParsedDocument } from '../../../src/core/analysis/parser';
import { tlsRuleCallInText } from '../../../src/core/analysis/tlsSetup';
import { fixtureOptions, fixturesDir, listFixtures } from './fixtureHarness';

// An engine that analyses only functions mentioning what some rule starts from must still see every C/D finding.
suite('tlsRuleCallInText', () => {
  for (const file of listFixtures().filter((f) => /[/\\][CD]\d+[/\\]/.test(f))) {
    test(`${path.relative(fixturesDir, file)}: every C/D finding is in a function tlsRuleCallInText matches`, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const { findings } = await lintText(text, file, fixtureOptions(text));
      const document = await ParsedDocument.create(text, languageFor(file, text));
      try {
        const definitions = document.tree.rootNode.descendantsOfType('function_definition').filter((d) => d !== null);
        for (const finding of findings.filter((f) => /^[CD]\d+$/.test(f.ruleId))) {
          const around = definitions.filter((d) => d.startIndex <= finding.start && finding.start < d.endIndex).at(-1);
          assert.ok(around, `${finding.ruleId} at ${finding.start} is outside any function`);
          assert.ok(tlsRuleCallInText.test(around.text), `${finding.ruleId} in a function tlsRuleCallInText misses: ${around.text.slice(0, 80)}`);
        }
      } finally {
        document.dispose();
      }
    });
  }
});
