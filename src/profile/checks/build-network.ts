// Build instances need a network: without imageFactory.network the infrastructure configuration names no
// subnet, so Image Builder launches them in the build region's default VPC (EC2 Image Builder User Guide,
// "Manage Image Builder infrastructure configuration"), and they must reach Systems Manager, Image Builder,
// S3 and the package repositories, over the internet or interface endpoints ("Image Builder and interface
// VPC endpoints (AWS PrivateLink)"). Landing zones usually delete default VPCs: say so before a build fails.
import type { Check } from './context';

export const checkBuildNetwork: Check = (ctx) => {
  const f = ctx.profile.imageFactory;
  if (!f || f.network) return;
  const pipelines = Object.keys(f.pipelines).sort();
  if (!pipelines.length) return;
  ctx.report(
    ['imageFactory'],
    `no network is set, so pipelines ${pipelines.join(', ')} build in the default VPC of ${f.account} in ${f.buildRegion}, which must exist and reach the internet; ` +
      'landing zones usually remove it. Set imageFactory.network.subnetId and securityGroupIds to a subnet with outbound access (NAT) or VPC endpoints for ssm, ssmmessages, ec2messages, imagebuilder, s3 and logs',
    { key: true, severity: 'warning' },
  );
};
