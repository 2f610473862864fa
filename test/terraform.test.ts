// Every stack of every example profile passes real `terraform init`, `validate` and an offline `plan`.
import type { PlanResult } from '../src/terraform/run';
import { checkStacksOffline, requireTerraformOrSkip } from './support/offline-terraform';
import { exampleProfiles } from './support/profiles';
import { synth } from './support/synth';

requireTerraformOrSkip()('offline terraform over every example profile', () => {
  test.each(exampleProfiles())('%s', async (profile) => {
    const s = synth(profile);
    const results: PlanResult[] = await checkStacksOffline(s.out);
    const failures = results.filter((r) => !r.ok).map((r) => `${r.stack} (${r.failedPhase}): ${r.output.slice(0, 2000)}`);
    expect(failures).toEqual([]);
    expect(results.map((r) => r.stack).sort()).toEqual([...s.names].sort());
    // Nothing exists yet, so every plan only creates.
    expect(results.every((r) => r.change === 0 && r.destroy === 0)).toBe(true);
  }, 15 * 60_000);
});
