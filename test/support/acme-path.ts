// Prints the path of the Acme contract, or of its corrected copy while it needs one (as the contract tests use): for .ci/run.
import { acmeCorrected } from './profiles';

process.stdout.write(`${acmeCorrected()}\n`);
