import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../src/core/analysis/applyEdits';
import { lintText } from '../../../src/core/analysis/lint';
import { LineIndex } from '../../../src/core/analysis/positions';
import type { Finding } from '../../../src/core/analysis/rule';
import { allRules } from '../../../src/core/analysis/rules';
import { expectations, fixtureOptions, fixturesDir, listFixtures } from './fixtureHarness';

const update = process.env.UPDATE_SNAPSHOTS === '1';

function describe(findings: readonly Finding[], text: string): string[] {
  const index = new LineIndex(text);
  return findings.map((f) => `${index.position(f.start).line + 1}:${f.ruleId}`).sort();
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

suite('rule fixtures', () => {
  for (const file of listFixtures()) {
    const name = path.relative(fixturesDir, file);
    const text = fs.readFileSync(file, 'utf8');
    const options = fixtureOptions(text);

    test(`${name}: exactly the expected findings`, async () => {
      const { findings } = await lintText(text, file, options);
      const expected = expectations(text).map((e) => `${e.line}:${e.ruleId}`).sort();
      assert.deepEqual(describe(findings, text), expected);
    });

    test(`${name}: every fix removes its finding, adds none, and matches the snapshot`, async () => {
      const { findings } = await lintText(text, file, options);
      const snapshot: string[] = [];
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const after = (await lintText(fixed, file, options)).findings;
          const before = countByRule(findings);
          const now = countByRule(after);
          assert.ok((now.get(finding.ruleId) ?? 0) < (before.get(finding.ruleId) ?? 0), `${fix.title} (line ${new LineIndex(text).position(finding.start).line + 1}) did not remove its ${finding.ruleId} finding`);
          for (const [rule, count] of now) assert.ok(count <= (before.get(rule) ?? 0), `${fix.title} introduced a ${rule} finding`);
          snapshot.push(`=== ${finding.ruleId} line ${new LineIndex(text).position(finding.start).line + 1}: ${fix.title}${fix.safe ? ' (safe)' : ''}`, changedLines(text, fixed));
        }
      }
      const snapFile = `${file}.fixes.snap`;
      const actual = snapshot.join('\n') + (snapshot.length > 0 ? '\n' : '');
      if (update || !fs.existsSync(snapFile)) {
        if (actual.length > 0) fs.writeFileSync(snapFile, actual);
        else if (fs.existsSync(snapFile)) fs.unlinkSync(snapFile);
        return;
      }
      assert.equal(actual, fs.readFileSync(snapFile, 'utf8'), `${snapFile} differs (UPDATE_SNAPSHOTS=1 rewrites it)`);
    });
  }

  test('fixes keep CRLF line endings and tab indentation', async () => {
    for (const file of listFixtures()) {
      const source = fs.readFileSync(file, 'utf8');
      const text = source.replace(/^( {4})+/gm, (spaces) => '\t'.repeat(spaces.length / 4)).replace(/\n/g, '\r\n');
      const { findings } = await lintText(text, file, fixtureOptions(source));
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const inserted = fix.edits.map((e) => e.newText).join('');
          const where = `${path.relative(fixturesDir, file)}: ${finding.ruleId} ${fix.title}`;
          assert.ok(!/(^|[^\r])\n/.test(inserted), `${where} inserts a bare LF`);
          assert.ok(!/\n {2,}/.test(inserted), `${where} indents with spaces in a tab-indented file`);
        }
      }
    }
  });

  test('every rule has C and C++ fixtures', () => {
    for (const rule of allRules) {
      const dir = path.join(fixturesDir, rule.meta.id);
      const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      assert.ok(files.some((f) => f.endsWith('.c')), `${rule.meta.id} has no C fixture`);
      assert.ok(files.some((f) => f.endsWith('.cpp')), `${rule.meta.id} has no C++ fixture`);
    }
  });
});

/** The lines that differ between two texts, as a compact before/after listing. */
function changedLines(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  return [...a.slice(start, endA + 1).map((l) => `- ${l}`), ...b.slice(start, endB + 1).map((l) => `+ ${l}`)].join('\n');
}
