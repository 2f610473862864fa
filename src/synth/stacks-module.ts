// The stacks layer sits above src/ (cli → synth → stacks → constructs, and stacks read src/model), so no file
// in src/ imports it: an entry point (main.ts, cli.ts, the jest setup) names the module that builds stacks, and
// synthesis loads it by that name, here and in its worker threads. No cdktf import: `validate` loads this too.

let stacksModule: string | undefined;

/** Names the module (a resolved path) whose `buildStacks` synthesis uses; entry points call this once. */
export function useStacksModule(path: string): void {
  stacksModule = path;
}

/** The registered stacks module's path, for worker threads to load the same one. */
export function registeredStacksModule(): string {
  if (!stacksModule)
    throw new Error(
      "no stacks module registered: an entry point must call useStacksModule(require.resolve('./stacks'))",
    );
  return stacksModule;
}
