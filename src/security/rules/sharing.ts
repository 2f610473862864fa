// Images, snapshots, SSM documents and RAM shares reach only the organization, its OUs or its accounts.
import { blocks, strings } from '../stack';
import { accountProblem, orgArnProblem, ouArnProblem, principalProblem } from '../org';
import type { Rule } from '../types';

export const sharingRules: Rule[] = [
  {
    id: 'PL-SHARE-1',
    description:
      'Image Builder distributions share AMIs only with the organization, its OUs or its accounts (never user_groups "all"), and copy to, publish parameters in and update launch templates of its accounts only',
    equivalents: { checkov: ['CKV_AWS_205'] },
    note: 'CKV_AWS_205 covers aws_ami_launch_permission only; this checks every distribution of every Image Builder distribution configuration.',
    *check(stack) {
      for (const [address, c] of stack.resources('aws_imagebuilder_distribution_configuration')) {
        for (const [i, d] of blocks(c.distribution).entries()) {
          const where = `distribution ${d?.region ?? i + 1}`;
          // Where the AMI ID is published and which account's launch template is updated: accounts of the organization.
          for (const pc of blocks(d?.ssm_parameter_configuration)) {
            const p = pc?.ami_account_id !== undefined ? accountProblem(stack, pc.ami_account_id) : undefined;
            if (p) yield { address, message: `${where}: writes parameter ${pc.parameter_name ?? ''} into ${p}` };
          }
          for (const lt of blocks(d?.launch_template_configuration)) {
            const p = lt?.account_id !== undefined ? accountProblem(stack, lt.account_id) : undefined;
            if (p) yield { address, message: `${where}: updates a launch template in ${p}` };
          }
          for (const ami of blocks(d?.ami_distribution_configuration)) {
            for (const id of strings(ami?.target_account_ids)) {
              const p = accountProblem(stack, id);
              if (p) yield { address, message: `${where}: copies to ${p}` };
            }
            for (const lp of blocks(ami?.launch_permission)) {
              for (const g of strings(lp?.user_groups))
                yield { address, message: `${where}: launch permission for user group "${g}" makes the AMI public` };
              for (const id of strings(lp?.user_ids)) {
                const p = accountProblem(stack, id);
                if (p) yield { address, message: `${where}: launch permission to ${p}` };
              }
              for (const arn of strings(lp?.organization_arns)) {
                const p = orgArnProblem(stack, arn);
                if (p) yield { address, message: `${where}: launch permission to ${p}` };
              }
              for (const arn of strings(lp?.organizational_unit_arns)) {
                const p = ouArnProblem(stack, arn);
                if (p) yield { address, message: `${where}: launch permission to ${p}` };
              }
            }
          }
        }
      }
    },
  },
  {
    id: 'PL-SHARE-2',
    description:
      'AMI launch permissions (aws_ami_launch_permission) name the organization, its OUs or its accounts, never group "all"',
    equivalents: { checkov: ['CKV_AWS_205'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_ami_launch_permission')) {
        if (c.group !== undefined)
          yield { address, message: `launch permission for group "${c.group}" makes the AMI public` };
        const p =
          c.account_id !== undefined
            ? accountProblem(stack, c.account_id)
            : c.organization_arn !== undefined
              ? orgArnProblem(stack, c.organization_arn)
              : c.organizational_unit_arn !== undefined
                ? ouArnProblem(stack, c.organizational_unit_arn)
                : undefined;
        if (p) yield { address, message: `launch permission to ${p}` };
      }
    },
  },
  {
    id: 'PL-SHARE-3',
    description:
      'EBS snapshots are shared (create volume permission) only with accounts of the organization, never publicly',
    equivalents: { securityHub: ['EC2.1'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_snapshot_create_volume_permission')) {
        const p = accountProblem(stack, c.account_id);
        if (p) yield { address, message: `create volume permission to ${p}` };
      }
    },
  },
  {
    id: 'PL-SHARE-4',
    description: 'SSM documents are shared only with accounts of the organization, never with "All"',
    equivalents: { checkov: ['CKV_AWS_303'], securityHub: ['SSM.4'] },
    *check(stack) {
      for (const [address, c] of stack.resources('aws_ssm_document')) {
        for (const perm of blocks(c.permissions)) {
          for (const id of String(perm?.account_ids ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)) {
            const p = accountProblem(stack, id);
            if (p) yield { address, message: `document shared with ${p}` };
          }
        }
      }
    },
  },
  {
    id: 'PL-SHARE-5',
    description:
      'AWS RAM shares stay inside the organization: allow_external_principals is off and every principal is the organization, one of its OUs or accounts',
    equivalents: {},
    note: 'No public rule checks RAM principals; Patchline shares SSM parameters through RAM.',
    *check(stack) {
      for (const [address, c] of stack.resources('aws_ram_resource_share')) {
        if (c.allow_external_principals === true || c.allow_external_principals === 'true')
          yield { address, message: 'allow_external_principals lets accounts outside the organization join the share' };
      }
      for (const [address, c] of stack.resources('aws_ram_principal_association')) {
        const p = principalProblem(stack, c.principal);
        if (p) yield { address, message: `shares with ${p}` };
      }
    },
  },
];
