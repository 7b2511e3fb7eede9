// `npm run docs:rules`: writes docs/rules/<id>.md and the README rules table from the rule metadata
// (compiled into out/ by `node esbuild.js --tests`). The unit tests fail when these drift.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { allRules } = require(path.join(root, 'out/src/core/analysis/rules/index.js'));
const { renderRuleDoc, withRulesTable } = require(path.join(root, 'out/src/core/analysis/ruleDocs.js'));

fs.mkdirSync(path.join(root, 'docs', 'rules'), { recursive: true });
for (const rule of allRules) fs.writeFileSync(path.join(root, 'docs', 'rules', `${rule.meta.id}.md`), renderRuleDoc(rule.meta));
const readmePath = path.join(root, 'README.md');
const readme = withRulesTable(fs.readFileSync(readmePath, 'utf8'), allRules);
if (readme === undefined) {
  console.error('README.md has no rules-table markers');
  process.exitCode = 1;
} else {
  fs.writeFileSync(readmePath, readme);
  console.log(`wrote ${allRules.length} rule pages and the README rules table`);
}
