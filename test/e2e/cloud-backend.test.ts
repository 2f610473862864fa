// HCP Terraform / Terraform Enterprise: every stack is its own workspace, so runs of different stacks never share state.
// e2e: synthesizing a cloud block runs `terraform version` (cdktf's CloudBackend validates the binary).
import { ACME, editedCopy, replaceOnce } from '../support/profiles';
import { synth } from '../support/synth';

const cloud = (extra = '') =>
  editedCopy(ACME, (t) =>
    replaceOnce(
      t,
      /  backend:\n    s3:\n(      .*\n)+/,
      `  backend:\n    cloud:\n      organization: acme\n      project: patching\n      workspacePrefix: acme-\n${extra}`,
    ),
  );

describe('cloud backend', () => {
  test('one distinct workspace per stack, named by account ID and concern, listed in stacks.json', () => {
    const s = synth(cloud());
    const names = s.manifest.stacks.map((st) => s.stack(st.name).terraform.cloud.workspaces.name);
    expect(new Set(names).size).toBe(s.manifest.stacks.length);
    for (const st of s.manifest.stacks) {
      const block = s.stack(st.name).terraform;
      expect(block.backend).toBeUndefined();
      expect(block.cloud).toEqual({
        hostname: 'app.terraform.io',
        organization: 'acme',
        workspaces: { name: `acme-${st.accountId}-${st.concern}`, project: 'patching' },
      });
      expect(st.backend).toEqual({ type: 'cloud', key: `acme-${st.accountId}-${st.concern}` });
    }
  });

  test('Terraform Enterprise: the hostname is honoured', () => {
    const s = synth(cloud('      hostname: tfe.acme.example\n'));
    expect(s.stack('audit-inspector').terraform.cloud.hostname).toBe('tfe.acme.example');
  });
});
