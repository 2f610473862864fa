// The patchline command line (verbs and their options: src/cli/program.ts). An entry point: it names the
// stacks module synthesis uses (src/synth/app.ts), which nothing in src/ imports.
import { buildProgram, lastExitCode } from './src/cli/program';
import { runCommand } from './src/cli/profile-arg';
import { useStacksModule } from './src/synth/stacks-module';

useStacksModule(require.resolve('./stacks'));
void runCommand(async () => {
  await buildProgram().parseAsync(process.argv.slice(2), { from: 'user' });
  return lastExitCode();
});
