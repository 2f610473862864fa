/**
 * A change of a pipeline's component list plans as a create-before-destroy replacement of the
 * recipe and an in-place update of the pipeline: real `terraform plan` runs, offline.
 *
 * 1. Synthesize Acme (v1), plan the factory stack, and turn that plan into the state an apply
 *    would leave (planned values; made-up ARNs/IDs for what is known only after apply).
 *    Terraform evaluates what depends on those stand-ins (plan, copy planned values, repeat).
 * 2. Control: plan v1 again against that state: no changes. So the state stands for a deployed v1.
 * 3. Synthesize Acme without `stig-build-linux-high` in al2023-base (v2) and plan it against the
 *    same state, and read what Terraform would do to each resource.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTerraform } from '../../src/terraform/run';
import { offlineEnv, prepareOffline, requireTerraformOrSkip } from '../support/offline-terraform';
import { ACME, editedCopy, replaceOnce } from '../support/profiles';
import { settle, stateFromPlan } from '../support/state-from-plan';
import { startStsStub, type StsStub } from '../support/sts-stub';
import { synth } from '../support/synth';

const STACK = 'shared-services-image-factory';
type Json = any;

requireTerraformOrSkip()("recipe replacement when a pipeline's components change (terraform plan, offline)", () => {
  let root: string;
  let stub: StsStub;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let control: Json;
  let change: Json;
  let graph: Map<string, string[]>;
  let recipeAddress: string;
  let pipelineAddress: string;
  let retentionAddress: string;

  const tf = async (...args: string[]) => {
    const r = await runTerraform(args, { cwd: dir, env, timeoutMs: 5 * 60_000 });
    if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const planJson = async (name: string) => {
    await tf('plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', `-out=${name}`);
    return JSON.parse(await tf('show', '-json', '-no-color', name));
  };
  const useConfig = (out: string) =>
    fs.copyFileSync(path.join(out, 'stacks', STACK, 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
  const actions = (plan: Json) =>
    Object.fromEntries(plan.resource_changes.map((c: Json) => [c.address, c.change.actions]));

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'patchline-recipe-'));
    stub = await startStsStub();
    env = offlineEnv(root);
    const v1 = synth(ACME);
    const v2 = synth(editedCopy(ACME, (t) => replaceOnce(t, '        - aws: stig-build-linux-high\n', '')));
    const v1Stack = v1.stack(STACK);
    recipeAddress = `aws_imagebuilder_image_recipe.${Object.keys(v1Stack.resource.aws_imagebuilder_image_recipe).find((k) => k.startsWith('pipeline-al2023-base_'))}`;
    pipelineAddress = `aws_imagebuilder_image_pipeline.${Object.keys(v1Stack.resource.aws_imagebuilder_image_pipeline).find((k) => k.startsWith('pipeline-al2023-base_'))}`;
    retentionAddress = `aws_imagebuilder_lifecycle_policy.${Object.keys(v1Stack.resource.aws_imagebuilder_lifecycle_policy).find((k) => k.startsWith('retention_policy-al2023-base_'))}`;

    dir = path.join(root, STACK);
    fs.mkdirSync(dir);
    useConfig(v1.out);
    const stateDir = path.join(root, 'state');
    prepareOffline(dir, stub.url, stateDir);
    await tf('init', '-input=false', '-no-color');
    const schemas = JSON.parse(await tf('providers', 'schema', '-json'));
    const stateFile = path.join(stateDir, `${STACK}.tfstate`);
    let state = stateFromPlan({ plan: await planJson('v1.tfplan'), schemas, config: v1Stack });
    // Let Terraform evaluate what the stand-ins feed into (policies with ARNs in them), until v1 is settled.
    for (let round = 1; ; round++) {
      fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
      control = await planJson('control.tfplan');
      const next = settle(state, control, schemas);
      if (next.pending === 0) break;
      if (round === 4) throw new Error(`state did not settle: ${next.pending} resources still change`);
      state = next.state;
    }
    useConfig(v2.out);
    change = await planJson('v2.tfplan');
    // The apply graph of that plan: "A" -> "B" means A waits for B.
    graph = new Map();
    for (const m of (await tf('graph', '-type=apply', '-plan=v2.tfplan')).matchAll(
      /^\s*"\[root\] ([^"]+)" -> "\[root\] ([^"]+)"$/gm,
    )) {
      graph.set(m[1], [...(graph.get(m[1]) ?? []), m[2]]);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await stub?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('control: the crafted state is the deployed v1 (planning v1 again changes nothing)', () => {
    const acts = Object.values(actions(control)) as string[][];
    expect(acts.length).toBeGreaterThan(50);
    expect(acts.filter((a) => a.join() !== 'no-op')).toEqual([]);
  });

  test('the recipe is replaced create-before-destroy: a new version is created, the old one deleted afterwards', () => {
    const c = change.resource_changes.find((r: Json) => r.address === recipeAddress);
    expect(c.change.actions).toEqual(['create', 'delete']);
    expect(c.action_reason).toBe('replace_because_cannot_update');
    expect(c.change.before.version).not.toBe(c.change.after.version);
    expect(c.change.before.name).toBe(c.change.after.name);
    expect(c.change.before.component.map((x: Json) => x.component_arn)).toContain(
      'arn:aws:imagebuilder:ap-southeast-2:aws:component/stig-build-linux-high/x.x.x',
    );
    expect(c.change.after.component.map((x: Json) => x.component_arn)).not.toContain(
      'arn:aws:imagebuilder:ap-southeast-2:aws:component/stig-build-linux-high/x.x.x',
    );
  });

  test('the pipeline is updated in place to the new recipe (never destroyed), and nothing else is replaced or destroyed', () => {
    const c = change.resource_changes.find((r: Json) => r.address === pipelineAddress);
    expect(c.change.actions).toEqual(['update']);
    expect(c.change.after_unknown.image_recipe_arn).toBe(true);
    const changed = Object.entries(actions(change)).filter(([, a]) => (a as string[]).join() !== 'no-op');
    expect(Object.fromEntries(changed)).toEqual({
      [recipeAddress]: ['create', 'delete'],
      [pipelineAddress]: ['update'],
      [retentionAddress]: ['update'], // retention follows the recipe's new version
    });
  });

  test("apply order: the new recipe, then the pipeline update, then the old recipe's deletion", () => {
    const waitsFor = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length) {
        const n = stack.pop()!;
        if (n === to) return true;
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(...(graph.get(n) ?? []));
      }
      return false;
    };
    const deposedDestroy = [...graph.keys()].find((n) => n.startsWith(`${recipeAddress} (destroy deposed `))!;
    expect(deposedDestroy).toBeDefined();
    expect(waitsFor(pipelineAddress, recipeAddress)).toBe(true);
    expect(waitsFor(deposedDestroy, pipelineAddress)).toBe(true);
    expect(waitsFor(recipeAddress, deposedDestroy)).toBe(false);
  });
});
