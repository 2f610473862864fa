// The patchline command line (verbs and their options: src/cli/program.ts).
import { buildProgram, lastExitCode } from './program';
import { runCommand } from './profile-arg';

void runCommand(async () => {
  await buildProgram().parseAsync(process.argv.slice(2), { from: 'user' });
  return lastExitCode();
});
