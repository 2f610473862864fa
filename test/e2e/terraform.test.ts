// Every stack of every example profile passes real `terraform init`, `validate` and an offline `plan`
// that creates exactly what was synthesized (one harness run per profile: terraform costs seconds a stack).
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkStacksOffline, requireTerraformOrSkip } from '../support/offline-terraform';
import { exampleProfiles } from '../support/profiles';
import { synth } from '../support/synth';

const countByType = (types: string[]) =>
  types.reduce<Record<string, number>>((m, t) => ({ ...m, [t]: (m[t] ?? 0) + 1 }), {});

requireTerraformOrSkip()('offline terraform over every example profile', () => {
  test.each(exampleProfiles())(
    '%s',
    async (profile) => {
      const s = synth(profile);
      const work = mkdtempSync(join(tmpdir(), 'patchline-tf-'));
      try {
        const results = await checkStacksOffline(s.out, { workDir: work, showJson: true });
        expect(
          results.filter((r) => !r.ok).map((r) => `${r.stack} (${r.failedPhase}): ${r.output.slice(0, 2000)}`),
        ).toEqual([]);
        expect(results.map((r) => r.stack).sort()).toEqual([...s.names].sort());
        for (const r of results) {
          const plan = JSON.parse(readFileSync(r.planJsonPath!, 'utf8'));
          const changes: any[] = plan.resource_changes ?? [];
          // Nothing exists yet: every planned change is a create, and of exactly the synthesized resources.
          expect([r.stack, changes.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)]).toEqual([
            r.stack,
            [],
          ]);
          const synthesized = Object.entries<any>(s.stack(r.stack).resource ?? {}).flatMap(([type, rs]) =>
            Object.keys(rs).map(() => type),
          );
          expect([r.stack, countByType(changes.map((c) => c.type))]).toEqual([r.stack, countByType(synthesized)]);
          expect(r.add).toBe(synthesized.length);
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    20 * 60_000,
  );
});
