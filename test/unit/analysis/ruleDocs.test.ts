import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRuleDoc, withRulesTable } from '../../../src/core/analysis/ruleDocs';
import { allRules } from '../../../src/core/analysis/rules';
import { repoRoot } from './fixtureHarness';

// `npm run docs:rules` regenerates both; these tests fail when the committed files drift from the metadata.
suite('rule documentation', () => {
  test('every rule has a generated page in docs/rules that matches its metadata', () => {
    for (const rule of allRules) {
      const file = path.join(repoRoot, 'docs', 'rules', `${rule.meta.id}.md`);
      assert.ok(fs.existsSync(file), `${file} is missing (npm run docs:rules)`);
      assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDoc(rule.meta), `${file} is out of date (npm run docs:rules)`);
    }
  });

  test('the README rules table matches the rule metadata', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const expected = withRulesTable(readme, allRules);
    assert.ok(expected !== undefined, 'README.md has no rules-table markers');
    assert.equal(readme, expected, 'README.md rules table is out of date (npm run docs:rules)');
  });

  test('ids and names are unique and follow the catalog', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...Array(15).keys()].map((i) => `A${i}`).concat(
      [...Array(7).keys()].map((i) => `B${i + 1}`),
      [...Array(10).keys()].map((i) => `C${i + 1}`),
      [...Array(3).keys()].map((i) => `D${i + 1}`),
    ));
    for (const rule of allRules) assert.match(rule.meta.name, /^[a-z0-9]+(?:-[a-z0-9]+)+$/);
  });
});
