// An SSM parameter other accounts can read: Advanced tier (required for sharing) and shared through
// AWS RAM with the organization, OUs or accounts, read-only.
//
// Terraform creates the parameter (RAM can only share what exists) with a placeholder value; the
// value belongs to whoever writes it afterwards (Image Builder, after every build), so Terraform
// ignores changes to it.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RamPrincipalAssociation } from '@cdktf/provider-aws/lib/ram-principal-association';
import { RamResourceAssociation } from '@cdktf/provider-aws/lib/ram-resource-association';
import { RamResourceShare } from '@cdktf/provider-aws/lib/ram-resource-share';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';

/** A RAM principal: the organization or an OU (by ARN), or an account (by ID), keyed for the resource address. */
export interface SharePrincipal {
  /** Stable key: the org ID, OU ID or account ID. */
  readonly key: string;
  /** What RAM takes: an organization or OU ARN, or an account ID. */
  readonly principal: string;
}

export interface SharedSsmParameterProps {
  /** Provider of the parameter's region. */
  readonly provider: AwsProvider;
  /** Parameter name, starting with /. */
  readonly name: string;
  readonly description: string;
  /** Value until the owner writes the first real one. */
  readonly placeholder: string;
  /** Name of the RAM resource share. */
  readonly shareName: string;
  /** Who may read the parameter. */
  readonly principals: readonly SharePrincipal[];
}

export class SharedSsmParameter extends Construct {
  readonly parameter: SsmParameter;
  readonly share: RamResourceShare;
  /** Parameter ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SharedSsmParameterProps) {
    super(scope, id);
    const provider = props.provider;
    this.parameter = new SsmParameter(this, 'parameter', {
      provider,
      name: props.name,
      description: props.description,
      type: 'String',
      tier: 'Advanced',
      dataType: 'text',
      value: props.placeholder,
      lifecycle: { ignoreChanges: ['value'] },
    });
    this.arn = this.parameter.arn;
    // Only principals inside the organization: no invitations to outside accounts.
    this.share = new RamResourceShare(this, 'share', {
      provider,
      name: props.shareName,
      allowExternalPrincipals: false,
    });
    new RamResourceAssociation(this, 'resource', { provider, resourceShareArn: this.share.arn, resourceArn: this.arn });
    for (const p of [...props.principals].sort((a, b) => a.key.localeCompare(b.key))) {
      new RamPrincipalAssociation(this, `principal-${p.key}`, {
        provider,
        resourceShareArn: this.share.arn,
        principal: p.principal,
      });
    }
  }
}
