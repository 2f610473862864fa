// Runs an entry point (path from the repository root, without extension) from the compiled output in dist/ when
// it is current (every source file has the mtime recorded by scripts/build.js), else from the TypeScript
// sources through tsx. PATCHLINE_TSX=1 forces the sources. Plain JavaScript: it must run before any build.
'use strict';
const { spawnSync } = require('child_process');
const { existsSync, readFileSync, statSync } = require('fs');
const { join } = require('path');
const { pathToFileURL } = require('url');

const ROOT = join(__dirname, '..');

/** True when dist/ was built from the sources as they are now (a few hundred stat calls, about a millisecond). */
function distIsCurrent() {
  try {
    const { sources } = JSON.parse(readFileSync(join(ROOT, 'dist', '.build.json'), 'utf8'));
    // Within a millisecond: file systems keep finer times than a Date or a float of seconds restores (touch, tests).
    for (const [rel, mtimeMs] of Object.entries(sources))
      if (Math.abs(statSync(join(ROOT, rel)).mtimeMs - mtimeMs) >= 1) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * Two V8 heuristics, read as V8 runs (never part of what the code computes), so setting them here, before
 * anything of Patchline's is compiled, is safe; worker threads share them.
 *
 * --no-allocation-site-pretenuring: V8 moves an allocation site's objects straight into the old generation
 * once most of them have survived. Synthesis trains that on the large stacks built first (Inspector's, Image
 * Builder's), then allocates the thousand short-lived patching stacks' construct parts there, where, dead,
 * they keep the young objects they point to through every minor GC until the next full one. Off, a
 * 1,000-account synthesis promotes a quarter as much and peaks 110 MB lower (see tokensSinceNow in
 * src/synth/app.ts).
 *
 * --interrupt-budget (how much bytecode a function runs between checks for optimization; 8x Node 20's V8
 * default of 67,584, `node --v8-options`): cdktf, the provider bindings and the stacks run thousands of short,
 * polymorphic functions, and optimizing them costs more than it gains. Synthesizing 500 patching stacks, TurboFan compiled 260 functions
 * in 1.2 s of background CPU (--trace-opt), 0.7 of the run's 1.5 s; free on an idle core, but with a worker
 * on each core it is taken from synthesis. With the larger budget a 1,000-account synthesis on 2 cores
 * takes 2.5 s instead of 3.0 s; at 10,000 accounts the two are within noise of each other (18 s).
 */
const V8_FLAGS = ['--no-allocation-site-pretenuring', '--interrupt-budget=540672'];

function launch(entry) {
  const compiled = join(ROOT, 'dist', `${entry}.js`);
  if (process.env.PATCHLINE_TSX !== '1' && distIsCurrent() && existsSync(compiled)) {
    require('v8').setFlagsFromString(V8_FLAGS.join(' '));
    return require(compiled);
  }
  // The sources, exactly as `node --import tsx <entry>.ts` runs them (tsx hooks both require and the lazy
  // `await import()`s; registering its ESM hook from here fails on Node 20), in a child with the same stdio.
  const r = spawnSync(
    process.execPath,
    // tsx by its path: `--import tsx` is resolved from the working directory, which need not be this checkout.
    [
      ...process.execArgv,
      ...V8_FLAGS,
      '--import',
      pathToFileURL(require.resolve('tsx')).href,
      join(ROOT, `${entry}.ts`),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  if (r.error) throw r.error;
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}

module.exports = { launch, distIsCurrent };
