// The cdktf app (`cdktf synth|diff|deploy`): the profile in $PROFILE (default config/org.yaml) → stacks.
// An invalid profile prints every problem and exits 2 before anything is written.
import { loadOrFail, profilePath, runCommand } from './src/cli/profile-arg';
import { synthesize } from './src/synth';
import { useStacksModule } from './src/synth/stacks-module';

useStacksModule(require.resolve('./stacks'));

void runCommand(() => {
  const model = loadOrFail(profilePath(), process.env.PATCHLINE_AS_OF);
  // The cdktf CLI removes the stack folders a profile no longer has itself, so they are kept for it to find.
  synthesize(model, process.env.CDKTF_OUTDIR ?? 'cdktf.out', { keepOrphans: true });
  return 0;
});
