// Plans with another role than the synthesized one, without changing the stack: a Terraform override file
// replaces each AWS provider's assume_role block (nested blocks in an override replace the original's).
// https://developer.hashicorp.com/terraform/language/files/override#merging-provider-blocks
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_PROVIDER } from './providers';

export const ROLE_OVERRIDE_FILE = 'zz_patchline_role_override.tf.json';

/** Writes the override into a stack directory; returns the function that removes it again. */
export function writeRoleOverride(stackDir: string, roleArn: string): () => void {
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  const {
    localName,
    credentials: { role },
  } = AWS_PROVIDER;
  const declared = stack.provider?.[localName] ?? [];
  const providers: Array<Record<string, any>> = Array.isArray(declared) ? declared : [declared];
  const file = join(stackDir, ROLE_OVERRIDE_FILE);
  writeFileSync(
    file,
    JSON.stringify(
      {
        provider: {
          [localName]: providers.map((p) => ({
            ...(p.alias !== undefined ? { alias: p.alias } : {}),
            [role]: [{ role_arn: roleArn, session_name: `${p[role]?.[0]?.session_name ?? 'patchline'}-plan` }],
          })),
        },
      },
      null,
      2,
    ) + '\n',
  );
  return () => rmSync(file, { force: true });
}
