// cdktf's index loads `archiver` (and its dependencies: about 0.18 s per thread here, a sixth of a worker's
// start-up) for one use: zipping a TerraformAsset folder, which cdktf does in a child process that runs its own
// private/fs.js (`archiveSync`), never in this one. Patchline has no assets. Until something calls it, the
// module cdktf gets for `archiver` is a stand-in that loads the real one on its first call, so `cdktf synth` of
// an app with assets works as before. Imported for its effect, before cdktf, in every thread that synthesizes
// (src/synth/app.ts): each thread has its own module cache.
import { dirname } from 'path';

function installLazyArchiver(): void {
  let path: string;
  try {
    path = require.resolve('archiver', { paths: [dirname(require.resolve('cdktf'))] });
  } catch {
    return; // A cdktf without archiver: nothing to defer.
  }
  if (require.cache[path]) return; // Loaded already (by another import of cdktf): too late to defer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Module } = require('module') as typeof import('module');
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  let real: ((...args: unknown[]) => unknown) | undefined;
  standIn.exports = function archiver(this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      if (require.cache[path] === standIn) delete require.cache[path];
      real = require(path) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  require.cache[path] = standIn;
}

installLazyArchiver();
