// Build instances require IMDSv2 with one hop; components, recipe volumes and every distributed AMI
// are encrypted with a customer-managed key in the right region.
import { cmkProblem } from '../cmk';
import { blocks } from '../stack';
import type { Problem, Rule } from '../types';

/** IMDSv2 only (http_tokens = required) and a response hop limit of 1, so containers on the host cannot reach it. */
function* imds(address: string, options: unknown, block: string): Iterable<Problem> {
  const o = blocks(options)[0];
  if (!o) {
    yield { address, message: `no ${block}: IMDSv1 stays available` };
    return;
  }
  if (o.http_tokens !== 'required')
    yield {
      address,
      message: `${block}.http_tokens is ${JSON.stringify(o.http_tokens ?? null)}; must be "required" (IMDSv2 only)`,
    };
  if (Number(o.http_put_response_hop_limit) !== 1)
    yield {
      address,
      message: `${block}.http_put_response_hop_limit is ${JSON.stringify(o.http_put_response_hop_limit ?? null)}; must be 1`,
    };
}

export const imageBuilderRules: Rule[] = [
  {
    id: 'PL-IMDS-1',
    description:
      'Image Builder infrastructure configurations require IMDSv2 (http_tokens = required) with a hop limit of 1',
    equivalents: {},
    note: 'No public rule covers Image Builder build instances; CKV_AWS_79/CKV_AWS_341 are the launch-template analogues (PL-IMDS-2).',
    *check(stack) {
      for (const [address, c] of stack.resources('aws_imagebuilder_infrastructure_configuration'))
        yield* imds(address, c.instance_metadata_options, 'instance_metadata_options');
    },
  },
  {
    id: 'PL-IMDS-2',
    description: 'EC2 instances and launch templates require IMDSv2 with a hop limit of 1',
    equivalents: {
      checkov: ['CKV_AWS_79', 'CKV_AWS_341'],
      trivy: ['AVD-AWS-0028', 'AVD-AWS-0130'],
      securityHub: ['EC2.8', 'EC2.170'],
    },
    *check(stack) {
      for (const type of ['aws_instance', 'aws_launch_template']) {
        for (const [address, c] of stack.resources(type)) yield* imds(address, c.metadata_options, 'metadata_options');
      }
    },
  },
  {
    id: 'PL-IB-1',
    description: 'Image Builder components are encrypted with a customer-managed KMS key',
    equivalents: { checkov: ['CKV_AWS_180'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_imagebuilder_component')) {
        const p = cmkProblem(stack, c.kms_key_id, stack.regionOf(c), 'the component');
        if (p) yield { address, message: p };
      }
    },
  },
  {
    id: 'PL-IB-2',
    description: 'Image recipes encrypt every EBS block device (encrypted = true) with a customer-managed KMS key',
    equivalents: { checkov: ['CKV_AWS_200'] },
    note: "Also fails a recipe with no block device mapping, whose root volume would inherit the parent image's encryption.",
    *check(stack) {
      for (const [address, c] of stack.resources('aws_imagebuilder_image_recipe')) {
        const devices = blocks(c.block_device_mapping);
        if (!devices.some((d) => blocks(d?.ebs).length))
          yield {
            address,
            message: "no EBS block device mapping: the root volume inherits the parent image's encryption",
          };
        for (const d of devices) {
          const name = d?.device_name ?? 'a block device';
          for (const ebs of blocks(d?.ebs)) {
            if (ebs?.encrypted !== true && ebs?.encrypted !== 'true')
              yield { address, message: `${name} is not encrypted (ebs.encrypted must be true)` };
            const p = cmkProblem(stack, ebs?.kms_key_id, stack.regionOf(c), name);
            if (p) yield { address, message: p };
          }
        }
      }
    },
  },
  {
    id: 'PL-IB-3',
    description:
      'Every distribution of an Image Builder distribution configuration encrypts its AMI with a customer-managed KMS key in that region',
    equivalents: { checkov: ['CKV_AWS_199'] },
    note: "CKV_AWS_199 inspects only the first distribution; this checks each one, and that the key lives in the distribution's region.",
    *check(stack) {
      for (const [address, c] of stack.resources('aws_imagebuilder_distribution_configuration')) {
        const list = blocks(c.distribution);
        if (!list.length) yield { address, message: 'no distribution' };
        for (const [i, d] of list.entries()) {
          const where = `distribution ${d?.region ?? i + 1}`;
          const ami = blocks(d?.ami_distribution_configuration)[0];
          const p = cmkProblem(stack, ami?.kms_key_id, d?.region, `the AMI of ${where}`);
          if (p) yield { address, message: p };
        }
      }
    },
  },
];
