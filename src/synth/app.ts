// One cdktf App synthesizing a set of stacks into a directory: the unit both synthesis paths share.
// Before cdktf: it defers loading what cdktf's index loads for assets (see lazy-archiver.ts).
import './lazy-archiver';
import { createHash } from 'crypto';
import { App, TerraformStack, type ISynthesisSession } from 'cdktf';
import { appValidationFailure } from 'cdktf/lib/errors';
import type { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import type { StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { registeredStacksModule } from './stacks-module';
import { APP_CONTEXT } from './app-context';

/**
 * What the stacks module exports: builds `specs` (in deploy order) into `app`, and, as context, the stacks they
 * depend on that `specs` does not hold; hands each stack to `each` as soon as it is built.
 */
export type BuildStacks = (
  app: App,
  model: OrgModel,
  specs: Iterable<StackSpec>,
  each: (stack: TerraformStack, spec: StackSpec, context: boolean) => void,
) => unknown;

/** The App synthesized, and the sha256 of each cdk.tf.json written (by stack name). */
export interface SynthResult {
  readonly app: App;
  readonly hashes: ReadonlyMap<string, string>;
}

export { Manifest } from 'cdktf';

/**
 * cdktf records where every token was created (several per resource) by capturing an unlimited-depth stack
 * trace into a plain object, used only to decorate its own error messages. At 1,000 accounts that was the
 * largest cost of synthesis, in time and memory (formatted through source maps under tsx, and kept). While
 * synthesizing, captures into plain objects record nothing; stack traces of real Errors are untouched.
 */
export function withoutTokenStackTraces<T>(body: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = function (target: object, below?: Function) {
    if (target instanceof Error) capture.call(Error, target, below);
  };
  try {
    return body();
  } finally {
    Error.captureStackTrace = capture;
  }
}

interface TokenMapInternals {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
  tokenCounter: number;
}

/**
 * cdktf registers every token in one process-wide map, forever, and a token holds its stack: every stack
 * ever built stays in memory. Returns a function that forgets the tokens registered since this call. A later
 * lookup of one fails loudly ("Unrecognized Token Key"), never silently.
 *
 * It puts new maps in place, holding what the maps held at this call, rather than deleting from the old
 * ones: V8 rehashes a long-lived Map with deletions into a new table now and then, and the table it leaves
 * behind in the old generation still points at the tokens of that moment, which minor GCs then keep, with
 * the stack each one holds, until the next full GC. Measured at 1,000 accounts (`--trace-gc-nvp`, one thread):
 * together with the launcher's --no-allocation-site-pretenuring, the bytes promoted out of the young
 * generation fall from 158 MB to 43 MB, and scavenge pauses from 0.78 s to 0.37 s.
 */
function tokensSinceNow(): () => void {
  // Required here, not imported: loaded before cdktf itself, this module meets a require cycle of cdktf's.
  const tokenMap = (require('cdktf/lib/tokens/private/token-map') as { TokenMap: typeof TokenMap }).TokenMap;
  const map = tokenMap.instance() as unknown as TokenMapInternals;
  // A cdktf whose map is laid out otherwise keeps its tokens: more memory, same output.
  if (
    typeof map.tokenCounter !== 'number' ||
    !(map.stringTokenMap instanceof Map) ||
    !(map.numberTokenMap instanceof Map)
  )
    return () => {};
  const strings = new Map(map.stringTokenMap);
  const numbers = new Map(map.numberTokenMap);
  return () => {
    map.stringTokenMap = new Map(strings);
    map.numberTokenMap = new Map(numbers);
  };
}

/**
 * Builds and synthesizes `specs` (in deploy order; a worker's come from a queue it shares) into `outdir`:
 * stacks/ and, unless `manifest` is false, manifest.json. The stacks they depend on are built too, as
 * context, but written only if they are among `specs`.
 *
 * This is App.synth stack by stack: each stack is written as soon as it is built, then dropped from the
 * App with its tokens (see tokensSinceNow); only those another stack depends on stay, for their names.
 * Patchline stacks never reference each other, so nothing later needs a dropped stack's tokens; a stack
 * that did would fail synthesis with cdktf's "Unrecognized Token Key", reported here as what it is.
 */
export function synthApp(
  model: OrgModel,
  specs: Iterable<StackSpec>,
  outdir: string,
  opts: { manifest?: boolean } = {},
): SynthResult {
  const app = new App({ outdir, context: APP_CONTEXT, skipBackendValidation: false });
  const hashes = new Map<string, string>();
  const session: ISynthesisSession = {
    outdir: app.outdir,
    skipValidation: app.skipValidation,
    manifest: app.manifest,
    // Hashed as written, in the thread that wrote it (stacks/synthesis.ts), rather than read back afterwards.
    written: (name: string, pieces: readonly string[]) => {
      const hash = createHash('sha256');
      for (const piece of pieces) hash.update(piece);
      hashes.set(name, hash.digest('hex'));
    },
  };
  const forget = tokensSinceNow();
  withoutTokenStackTraces(() => {
    const build = (require(registeredStacksModule()) as { buildStacks: BuildStacks }).buildStacks;
    build(app, model, specs, (stack, spec, context) => {
      // cdktf's own prepareStack resolves the stack to find cross-stack references and adds outputs to the stacks
      // they point into, which may be written already: only stacks that forgo it (AccountStack) can stream.
      if (stack.prepareStack === TerraformStack.prototype.prepareStack) {
        throw new Error(
          `stack ${stack.node.id} keeps cdktf's cross-stack reference pass (prepareStack), which synthesis one stack at a time cannot honour`,
        );
      }
      if (!context) {
        try {
          stack.prepareStack();
          stack.synthesizer.synthesize(session);
        } catch (e) {
          const token = /Unrecognized Token Key '([^']*)'/i.exec(String((e as Error)?.message));
          if (token) {
            throw new Error(
              `stack ${stack.node.id} refers to a value of another stack (token ${token[1]}): stacks must not reference each other; pass IDs and names from the model instead`,
            );
          }
          throw e;
        }
      }
      app.node.tryRemoveChild(stack.node.id);
      // Every token registered since the last stack was handed over is this stack's.
      forget();
    });
    // The rest of App.synth: the App's own validations, then the manifest.
    if (!app.skipValidation) {
      const errors = app.node.validate();
      if (errors.length) throw appValidationFailure(errors.join('\n  '));
    }
    if (opts.manifest !== false) app.manifest.writeToFile();
  });
  return { app, hashes };
}
