// Inspector delegated administration: the admin must be a member account of the organization, never
// the management account, present in every region; the scan types must make sense together, and a
// warning names each one Inspector does not offer in a profile region.
import { inspectorScanTypesIn, PROFILE_SCAN_TYPES } from '../../aws/inspector-regions';
import { didYouMean } from '../suggest';
import type { Check } from './context';

export const checkInspector: Check = (ctx) => {
  const i = ctx.profile.inspector;
  if (!i) return;
  const org = ctx.profile.organization;
  const adminPath = ['inspector', 'delegatedAdmin'];
  const admin = ctx.accounts.get(i.delegatedAdmin);
  if (!admin) {
    ctx.report(
      adminPath,
      `"${i.delegatedAdmin}" is not an account of the organization: Inspector's delegated administrator must be a member account listed in organization.accounts${didYouMean(i.delegatedAdmin, ctx.accounts.keys())}`,
    );
  } else if (i.delegatedAdmin === org.managementAccount) {
    ctx.report(
      adminPath,
      `the management account cannot be Inspector's delegated administrator (AWS refuses it); choose a member account such as a security or audit account`,
    );
  } else if (admin.regions) {
    // The admin stack runs in every organization region; an account limited to fewer may be blocked there.
    const missing = org.regions.filter((r) => !admin.regions!.includes(r));
    if (missing.length) {
      ctx.report(
        ['organization', 'accounts', i.delegatedAdmin, 'regions'],
        `"${i.delegatedAdmin}" is Inspector's delegated administrator, which administers every organization region, but its regions leave out ${missing.join(', ')}; add them or remove its regions list`,
      );
    }
  }

  const types = i.autoEnable;
  if (types.length === 0) {
    ctx.report(
      ['inspector', 'autoEnable'],
      'must list at least one scan type (ec2, ecr, lambda, lambda-code): with none, Inspector scans nothing',
    );
  }
  // Scan types Inspector does not offer in a region are left out there (src/aws/inspector-regions.ts).
  types.forEach((t, i) => {
    const missing = org.regions.filter((r) => {
      const offered = inspectorScanTypesIn(r);
      return offered !== undefined && !offered.includes(PROFILE_SCAN_TYPES[t]);
    });
    if (missing.length) {
      ctx.report(
        ['inspector', 'autoEnable', i],
        `Inspector does not offer ${t} scanning in ${missing.join(', ')} (Amazon Inspector "Regions and endpoints"): it is enabled only in the other regions`,
        { severity: 'warning' },
      );
    }
  });
  const unknown = org.regions.filter((r) => inspectorScanTypesIn(r) === undefined);
  if (unknown.length && types.length) {
    ctx.report(
      ['inspector', 'autoEnable'],
      `Patchline's Inspector region table (src/aws/inspector-regions.ts) does not list ${unknown.join(', ')}: every listed scan type is enabled there as asked; check Inspector's regional availability, as an unoffered one fails the apply`,
      { severity: 'warning' },
    );
  }
  const code = types.indexOf('lambda-code');
  if (code >= 0 && !types.includes('lambda')) {
    ctx.report(
      ['inspector', 'autoEnable', code],
      'lambda-code needs lambda in the list too: Inspector runs Lambda code scanning only alongside Lambda standard scanning',
    );
  }
};
