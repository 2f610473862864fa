// Preloaded (`node -r`) by tests: at exit, appends every module file the process loaded, one a line, to
// $PATCHLINE_LOADED_MODULES (child processes started with the same execArgv add theirs). Plain JavaScript so it needs no loader.
'use strict';
process.on('exit', () => {
  require('fs').appendFileSync(process.env.PATCHLINE_LOADED_MODULES, Object.keys(require.cache).join('\n') + '\n');
});
