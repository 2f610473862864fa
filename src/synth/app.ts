// One cdktf App synthesizing a set of stacks into a directory: the unit both synthesis paths share.
import { App } from 'cdktf';
import type { StackSpec } from '../model/layout';
import type { OrgModel } from '../model';
import { registeredStacksModule } from './stacks-module';

/** What the stacks module exports: builds `specs` (and their deploy order) into `app`. */
export type BuildStacks = (app: App, model: OrgModel, specs: readonly StackSpec[]) => unknown;

/** App context: logical IDs without the stack name, so an alias rename never moves a resource. */
export const APP_CONTEXT = { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' };

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

/** Builds and synthesizes `specs` (which must include their dependencies) into `outdir`: stacks/ and manifest.json. */
export function synthApp(model: OrgModel, specs: readonly StackSpec[], outdir: string): App {
  const app = new App({ outdir, context: APP_CONTEXT, skipBackendValidation: false });
  withoutTokenStackTraces(() => {
    (require(registeredStacksModule()) as { buildStacks: BuildStacks }).buildStacks(app, model, specs);
    app.synth();
  });
  return app;
}
