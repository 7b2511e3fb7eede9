import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLintOptions, type LintOptions } from '../../../src/core/analysis/options';

export const repoRoot = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'rules');

export interface Expectation { line: number; ruleId: string }

/** `/* expect: A0, B5 *\/` (or `// expect: …`) on a line: those findings must start on that line, no others anywhere. */
export function expectations(text: string): Expectation[] {
  const result: Expectation[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /expect:\s*([A-D]\d+(?:\s*,\s*[A-D]\d+)*)/.exec(line);
    if (match?.[1]) for (const id of match[1].split(',')) result.push({ line: index + 1, ruleId: id.trim() });
  });
  return result;
}

/** `// options: {…json…}` on the first line sets lint options for the fixture. */
export function fixtureOptions(text: string): LintOptions {
  const match = /^\/\/ options: (\{.*\})/.exec(text);
  return match?.[1] ? parseLintOptions(JSON.parse(match[1]) as unknown) : parseLintOptions({});
}

export function listFixtures(): string[] {
  return fs.readdirSync(fixturesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(c|cpp|h)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
