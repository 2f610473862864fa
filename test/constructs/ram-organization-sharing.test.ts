import { RamOrganizationSharing } from '../../stacks/constructs/ram-organization-sharing';
import { synthConstruct } from '../support/construct-harness';

describe('RamOrganizationSharing', () => {
  test('turns on RAM sharing with the organization and refuses to be destroyed (that would break every org share)', () => {
    const out = synthConstruct((stack, provider) => new RamOrganizationSharing(stack, 'r', { provider }));
    expect(out.one('aws_ram_sharing_with_organization')).toEqual({
      provider: 'aws',
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(out.resources)).toEqual(['aws_ram_sharing_with_organization']);
  });
});
