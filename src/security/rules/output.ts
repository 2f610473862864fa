// The stack file itself: every logical ID and key written once.
import { duplicateKeys } from '../json-keys';
import type { Rule } from '../types';

export const outputRules: Rule[] = [
  {
    id: 'PL-OUT-1',
    description: 'cdk.tf.json is valid JSON with every key (so every resource logical ID) written once',
    equivalents: {},
    note: 'JSON parsers keep the last duplicate silently; Terraform would never see the first resource.',
    *check(stack) {
      if (stack.text === undefined) return;
      for (const [path, key] of duplicateKeys(stack.text))
        yield {
          address: path.startsWith('resource.') ? `${path.slice(9)}.${key}` : path,
          message: `key "${key}" is written twice in ${path}`,
        };
    },
  },
];
