import { SharedSsmParameter } from '../../stacks/constructs/shared-ssm-parameter';
import { synthConstruct } from '../support/construct-harness';

const ORG_ARN = 'arn:aws:organizations::000000000000:organization/o-abc123def4';
const OU_ARN = 'arn:aws:organizations::000000000000:ou/o-abc123def4/ou-ab12-34cd56ef';

describe('SharedSsmParameter', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new SharedSsmParameter(stack, 'p', {
        provider,
        name: '/golden/linux',
        description: 'Latest Linux golden AMI',
        placeholder: 'ami-00000000000000000',
        shareName: 'patchline-linux-ami-parameter',
        principals: [
          { key: 'ou-ab12-34cd56ef', principal: OU_ARN },
          { key: '666666666666', principal: '666666666666' },
          { key: 'o-abc123def4', principal: ORG_ARN },
        ],
      }),
  );
  const parameter = out.one('aws_ssm_parameter');
  const share = out.one('aws_ram_resource_share');

  test('an Advanced-tier String parameter (sharing needs Advanced) whose value Terraform leaves to its writer', () => {
    expect(parameter).toMatchObject({
      name: '/golden/linux',
      type: 'String',
      tier: 'Advanced',
      data_type: 'text',
      value: 'ami-00000000000000000',
      lifecycle: { ignore_changes: ['value'] },
    });
  });

  test('shared through RAM inside the organization only', () => {
    expect(share).toMatchObject({ name: 'patchline-linux-ami-parameter', allow_external_principals: false });
    expect(out.one('aws_ram_resource_association')).toMatchObject({
      resource_share_arn: out.ref('aws_ram_resource_share', share, 'arn'),
      resource_arn: out.ref('aws_ssm_parameter', parameter, 'arn'),
    });
  });

  test('one principal association per principal: the org, an OU or an account', () => {
    const principals = out.all('aws_ram_principal_association');
    expect(principals.map((p) => p.principal).sort()).toEqual(['666666666666', ORG_ARN, OU_ARN].sort());
    for (const p of principals) expect(p.resource_share_arn).toBe(out.ref('aws_ram_resource_share', share, 'arn'));
    // Keyed by principal key, so a reordered list keeps every address.
    expect(
      Object.keys(out.resources.aws_ram_principal_association).every((id) => /principal-(o-|ou-|\d{12})/.test(id)),
    ).toBe(true);
  });
});
