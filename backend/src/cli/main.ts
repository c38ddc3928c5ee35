import { runCli } from './run-cli';

// npm runs scripts from the package root but sets INIT_CWD to where the user typed the command;
// user paths must resolve from there.
const exitCode = await runCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
// exitCode rather than exit(): lets a large --json report finish flushing to a pipe.
process.exitCode = exitCode;
