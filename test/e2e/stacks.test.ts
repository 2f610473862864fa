// The cloud backend of the stack layout (../stacks.test.ts): synthesizing a cloud block runs `terraform version`
// (cdktf's CloudBackend validates the binary), so it needs terraform.
import { ACME, editedCopy, replaceOnce } from '../support/profiles';
import { synth } from '../support/synth';

describe('backends', () => {
  test('cloud: one HCP Terraform workspace per stack', () => {
    const f = editedCopy(ACME, (t) =>
      replaceOnce(
        t,
        /  backend:\n    s3:\n(      .*\n)+/,
        '  backend:\n    cloud:\n      organization: acme\n      project: patching\n      workspacePrefix: acme-\n',
      ),
    );
    const s = synth(f);
    expect(s.stack('audit-inspector').terraform.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'acme-222222222222-inspector', project: 'patching' },
    });
  });
});
