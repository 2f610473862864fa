// Unit tier only (jest.unit.config.js): starting a process fails the test, so suites that need one go in test/e2e/.
// The module object itself (not an import's interop copy), so every later import sees the stand-ins.
const childProcess = require('child_process');

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = () => {
    throw new Error(`child_process.${name} in a unit test: suites that run processes belong in test/e2e/`);
  };
}
