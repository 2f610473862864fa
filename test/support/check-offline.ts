// `node --import tsx test/support/check-offline.ts <cdktf.out>`: terraform init/validate/plan every
// stack offline (as the tests do) and print a summary; exit 1 if any fails. Used by .ci/run.
import { checkStacksOffline } from './offline-terraform';

async function main(outDir: string): Promise<number> {
  const results = await checkStacksOffline(outDir, {
    onEvent: (e) => e.phase === 'done' && process.stdout.write(`${e.ok ? 'ok  ' : 'FAIL'} ${e.stack}\n`),
  });
  for (const r of results.filter((x) => !x.ok))
    process.stdout.write(`\n--- ${r.stack} failed at ${r.failedPhase}:\n${r.output}\n`);
  const failed = results.filter((r) => !r.ok).length;
  const adds = results.reduce((n, r) => n + r.add, 0);
  process.stdout.write(
    `offline terraform: ${results.length - failed} passed, ${failed} failed (${adds} resources planned)\n`,
  );
  return failed ? 1 : 0;
}

if (!process.argv[2]) {
  process.stderr.write('usage: check-offline.ts <cdktf.out>\n');
  process.exit(1);
}
main(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e}\n`);
    process.exit(1);
  },
);
