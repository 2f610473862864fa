// `node --import tsx test/support/write-acme-fixture.ts`: rewrites test/fixtures/profiles/acme/ (the profile the
// tests use for Acme's shape) from the contract in ../shared, corrected as test/support/profiles.ts says.
import { cpSync, copyFileSync, mkdirSync, rmSync } from 'fs';
import { dirname, join } from 'path';
import { ACME, acmeCorrected } from './profiles';

const from = acmeCorrected();
const dir = dirname(ACME);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
copyFileSync(from, ACME);
cpSync(join(dirname(from), 'components'), join(dir, 'components'), { recursive: true });
process.stdout.write(`${ACME} and its components from ${from}\n`);
