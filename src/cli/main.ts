import { version } from '../../package.json';
import { exitUsage, type CliIO } from './command';
import { cliCommands } from './commands';
import { runCli } from './runCli';

const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

runCli(process.argv.slice(2), io, cliCommands, version).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    io.stderr(`openssl-doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitUsage;
  },
);
