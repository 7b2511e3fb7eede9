import * as assert from 'node:assert/strict';
import type { CliCommand, CliIO } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/runCli';

function capture(): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve('') }, out, err };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: openssl-doctor echo WORD…',
  run: (args, io) => {
    io.stdout(args.join(' '));
    return Promise.resolve(args.length > 0 ? 0 : 2);
  },
};

suite('cli dispatch', () => {
  test('no arguments prints help on stderr and exits 2', async () => {
    const { io, err } = capture();
    assert.equal(await runCli([], io, [echo], '1.2.3'), 2);
    assert.match(err.join(''), /Usage: openssl-doctor <command>[\s\S]*echo\s+prints its arguments/);
  });

  test('--help lists the commands on stdout and exits 0', async () => {
    const { io, out } = capture();
    assert.equal(await runCli(['--help'], io, [echo], '1.2.3'), 0);
    assert.match(out.join(''), /echo\s+prints its arguments/);
  });

  test('--version prints the version', async () => {
    const { io, out } = capture();
    assert.equal(await runCli(['--version'], io, [echo], '1.2.3'), 0);
    assert.equal(out.join(''), '1.2.3\n');
  });

  test('an unknown command is a usage error', async () => {
    const { io, err } = capture();
    assert.equal(await runCli(['frobnicate'], io, [echo], '1.2.3'), 2);
    assert.match(err.join(''), /unknown command "frobnicate"/);
  });

  test('a command receives the remaining arguments and its exit code is returned', async () => {
    const { io, out } = capture();
    assert.equal(await runCli(['echo', 'a', 'b'], io, [echo], '1.2.3'), 0);
    assert.equal(out.join(''), 'a b');
    assert.equal(await runCli(['echo'], capture().io, [echo], '1.2.3'), 2);
  });

  test('a command\'s --help prints its usage instead of running it', async () => {
    const { io, out } = capture();
    assert.equal(await runCli(['echo', '--help'], io, [echo], '1.2.3'), 0);
    assert.equal(out.join(''), 'Usage: openssl-doctor echo WORD…\n');
  });
});
