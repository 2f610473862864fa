// Prints the path of the Acme profile the tests use (the contract, or its corrected copy): for .ci/run.
import { ACME } from './profiles';

process.stdout.write(`${ACME}\n`);
