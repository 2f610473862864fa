// "Encrypted with a customer-managed key" means: a reference to an aws_kms_key of this stack (directly
// or through an aws_kms_alias of this stack), in the region where the encrypted thing lives. A literal
// ARN or alias cannot be proven customer-managed, and alias/aws/* names an AWS-managed key.
import { exactRef, type StackView } from './stack';

const KEY_ATTRS = new Set(['arn', 'id', 'key_id']);

/** Why `value` is not a customer-managed key of this stack in `region`, or undefined when it is. */
export function cmkProblem(
  stack: StackView,
  value: unknown,
  region: string | undefined,
  what: string,
): string | undefined {
  if (value === undefined || value === null || value === '')
    return `${what} has no kms_key_id, so it is encrypted with an AWS-managed key (or not at all)`;
  const v = String(value);
  if (/alias\/aws\//.test(v)) return `${what} uses the AWS-managed key ${v}; use a customer-managed key`;
  let ref = exactRef(v);
  if (ref?.type === 'aws_kms_alias') {
    const alias = stack.resource('aws_kms_alias', ref.name);
    if (!alias) return `${what} references ${ref.type}.${ref.name}, which is not in this stack`;
    ref = exactRef(alias.target_key_id);
  }
  if (!ref || ref.type !== 'aws_kms_key' || !KEY_ATTRS.has(ref.attr))
    return `${what} uses ${v}, which is not a reference to a customer-managed aws_kms_key of this stack`;
  const key = stack.resource('aws_kms_key', ref.name);
  if (!key) return `${what} references aws_kms_key.${ref.name}, which is not in this stack`;
  const keyRegion = stack.regionOf(key);
  if (region && keyRegion && keyRegion !== region)
    return `${what} is in ${region} but its key aws_kms_key.${ref.name} is in ${keyRegion}`;
  return undefined;
}
