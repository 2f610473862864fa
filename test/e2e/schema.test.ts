// The generated TypeScript types are current: the generator, run as `npm run gen:types -- --check` would.
import { spawnSync } from 'child_process';
import { join } from 'path';

test('the committed TypeScript types are generated from the current schema', () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'profile', 'generate-types.ts'), '--check'],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
