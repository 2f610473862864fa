// Synthesizes a profile in-process into a temp dir and reads the stacks back as JSON.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { OrgModel } from '../../src/model';
import { synthesize, type StackManifest } from '../../src/synth';
import { loadModel } from './profiles';

export interface Synthesized {
  readonly out: string;
  readonly manifest: StackManifest;
  readonly names: string[];
  /** The parsed cdk.tf.json of a stack. */
  stack(name: string): any;
  /** Every resource of a type in a stack: [logical ID, config]. */
  resources(name: string, type: string): [string, any][];
}

export function synth(profileOrModel: string | OrgModel): Synthesized {
  const model = typeof profileOrModel === 'string' ? loadModel(profileOrModel) : profileOrModel;
  const out = join(mkdtempSync(join(tmpdir(), 'patchline-synth-')), 'cdktf.out');
  const manifest = synthesize(model, out);
  const cache = new Map<string, any>();
  const stack = (name: string) => {
    if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')));
    return cache.get(name);
  };
  return {
    out,
    manifest,
    stack,
    names: manifest.stacks.map((s) => s.name),
    resources: (name, type) => Object.entries(stack(name).resource?.[type] ?? {}),
  };
}

const shared = new Map<string, Synthesized>();

/**
 * One synthesis of a profile file for the whole test file (jest gives each test file its own module registry), for
 * tests that only read the output: a suite that synthesizes the same profile in many tests pays for it once.
 */
export function synthShared(profile: string): Synthesized {
  if (!shared.has(profile)) shared.set(profile, synth(profile));
  return shared.get(profile)!;
}

/** path → content of every file below dir. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
