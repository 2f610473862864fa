// The image factory as the stacks need it: the profile's imageFactory section resolved against the
// organization (account IDs, OU ARNs and paths, component documents read from disk), every list
// sorted where its order carries no meaning. Shared by the factory and the consumer stacks.
import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
  DEFAULT_MAX_BUILD_HOURS,
  defaultRootDevice,
  effectiveRetention,
  isArmInstanceType,
  osFamily,
  type EffectiveRetention,
} from '../aws/image-builder';
import type { OrgModel } from '.';
import type { ImageFactory, Pipeline } from '../profile/profile.generated';
import {
  componentFileKey,
  componentName,
  managedImageArn,
  organizationalUnitArn,
  organizationArn,
  pipelineExecutionRoleName,
  pipelineResourceName,
  roleArn,
  ssmParameterArn,
} from '../naming';
import { DEFAULT_TIMEZONE } from './defaults';
import { vulnerabilityGateTest } from './vulnerability-gate';

// The shapes the image constructs take (stacks/constructs/golden-image-pipeline.ts, ami-distribution.ts,
// shared-ssm-parameter.ts), declared here too so the model never imports the stack layer: TypeScript checks
// the two agree where the factory stack passes one to the other.

/** A build or test component: an AWS-managed one by name, or a document of the profile's. */
export type ComponentSource =
  | { readonly kind: 'managed'; readonly name: string }
  | { readonly kind: 'document'; readonly key: string; readonly name: string; readonly data: string };

export type Platform = 'Linux' | 'Windows';

/** Who may launch a pipeline's AMIs. */
export interface AmiConsumers {
  readonly organization?: { readonly id: string; readonly arn: string };
  readonly organizationalUnits?: readonly { readonly arn: string; readonly path: string }[];
  readonly accountIds?: readonly string[];
}

/** A RAM principal of a shared SSM parameter, with its stable key (org, OU or account ID). */
export interface SharePrincipal {
  readonly key: string;
  readonly principal: string;
}

export interface PipelineSpec {
  /** Profile key: part of resource addresses and names. */
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly os: Pipeline['os'];
  readonly platform: Platform;
  readonly parentImage: string;
  readonly components: readonly ComponentSource[];
  readonly tests: readonly ComponentSource[];
  readonly rootDeviceName: string;
  readonly rootVolumeSizeGb?: number;
  readonly instanceTypes: readonly string[];
  readonly schedule: {
    readonly cron: string;
    readonly timezone: string;
    readonly onlyWhenUpdatesAvailable: boolean;
    /** The stated bound on one build, or Image Builder's test timeout when the profile states none. */
    readonly maxBuildHours: number;
    readonly maxBuildHoursStated: boolean;
  };
  readonly scanning: boolean;
  /** Distribution regions, sorted. */
  readonly regions: readonly string[];
  readonly sharedWith?: AmiConsumers;
  /** The same sharing as RAM principals, for the SSM parameter. */
  readonly sharePrincipals: readonly SharePrincipal[];
  /** Account IDs receiving a copy, sorted. */
  readonly copyTo: readonly string[];
  /** OU names the images are shared with, sorted. */
  readonly sharedOus: readonly string[];
  /** The parent image as the profile states it (the delay assessment reads its kind and version filter). */
  readonly parentSource: Pipeline['parentImage'];
  /** The pipeline in the profile's own words and order, for the evidence report. */
  readonly stated: {
    readonly architecture: string;
    readonly components: readonly string[];
    readonly tests: readonly string[];
    readonly regions: readonly string[];
    readonly sharing: readonly string[];
  };
  readonly parameter?: string;
  /** Retention with Patchline's defaults (deletion after deprecation, the last-launched exclusion). */
  readonly retention: EffectiveRetention;
}

export interface ImageFactorySpec {
  readonly accountId: string;
  /** The factory account's profile name. */
  readonly accountAlias: string;
  readonly buildRegion: string;
  readonly email?: string;
  readonly network?: { readonly subnetId: string; readonly securityGroupIds: readonly string[] };
  /** Pipelines sorted by key. */
  readonly pipelines: readonly PipelineSpec[];
}

function parentImage(p: Pipeline, region: string): string {
  if (p.parentImage.ssm !== undefined) return `ssm:${p.parentImage.ssm}`;
  if (p.parentImage.name !== undefined) return managedImageArn(region, p.parentImage.name);
  return p.parentImage.ami!;
}

/** Resolves the profile's imageFactory section; `documents` holds component files already read, by absolute path. */
export function imageFactorySpec(
  f: ImageFactory,
  model: OrgModel,
  documents: ReadonlyMap<string, string>,
): ImageFactorySpec {
  const mgmt = model.management.id;
  const ids = (aliases: readonly string[] | undefined) =>
    [...new Set((aliases ?? []).map((a) => model.account(a).id))].sort();

  const pipelines = Object.keys(f.pipelines)
    .sort()
    .map((key): PipelineSpec => {
      const p = f.pipelines[key];
      const component = (c: { aws?: string; file?: string }): ComponentSource => {
        if (c.aws !== undefined) return { kind: 'managed', name: c.aws };
        const fileKey = componentFileKey(c.file!);
        const path = resolve(model.baseDir, c.file!);
        return {
          kind: 'document',
          key: fileKey,
          name: componentName(key, fileKey),
          data: documents.get(path) ?? readFileSync(path, 'utf8'),
        };
      };
      const d = p.distribution;
      const share = d.shareWith;
      const ous = [...new Set(share?.organizationalUnits ?? [])].sort();
      const sharedAccounts = ids(share?.accounts);
      const sharedWith: AmiConsumers | undefined = share
        ? {
            organization: share.organization ? { id: model.orgId, arn: organizationArn(mgmt, model.orgId) } : undefined,
            organizationalUnits: ous.map((ou) => ({
              arn: organizationalUnitArn(mgmt, model.orgId, model.ous.get(ou)!.id),
              path: model.ouPath(ou),
            })),
            accountIds: sharedAccounts,
          }
        : undefined;
      const sharePrincipals: SharePrincipal[] = [
        ...(share?.organization ? [{ key: model.orgId, principal: organizationArn(mgmt, model.orgId) }] : []),
        ...ous.map((ou) => ({
          key: model.ous.get(ou)!.id,
          principal: organizationalUnitArn(mgmt, model.orgId, model.ous.get(ou)!.id),
        })),
        ...sharedAccounts.map((id) => ({ key: id, principal: id })),
      ];
      const arm = p.architecture === 'arm64';
      return {
        key,
        name: pipelineResourceName(key),
        description: p.description,
        os: p.os,
        platform: osFamily(p.os) === 'windows' ? 'Windows' : 'Linux',
        parentImage: parentImage(p, f.buildRegion),
        components: p.components.map(component),
        tests: [
          ...(p.tests ?? []).map(component),
          ...(p.vulnerabilityGate ? [vulnerabilityGateTest(key, p.os, p.vulnerabilityGate)] : []),
        ],
        rootDeviceName: p.rootVolume?.deviceName ?? defaultRootDevice(p.os),
        rootVolumeSizeGb: p.rootVolume?.sizeGb,
        instanceTypes: [...new Set(f.instanceTypes ?? [])].filter((t) => isArmInstanceType(t) === arm).sort(),
        schedule: {
          cron: p.schedule.cron,
          timezone: p.schedule.timezone ?? DEFAULT_TIMEZONE,
          onlyWhenUpdatesAvailable: p.schedule.onlyWhenUpdatesAvailable,
          maxBuildHours: p.schedule.maxBuildHours ?? DEFAULT_MAX_BUILD_HOURS,
          maxBuildHoursStated: p.schedule.maxBuildHours !== undefined,
        },
        scanning: p.scanning,
        regions: [...new Set(d.regions)].sort(),
        sharedWith,
        sharePrincipals,
        copyTo: ids(d.copyTo),
        sharedOus: ous,
        parameter: d.parameter,
        parentSource: p.parentImage,
        stated: {
          architecture: p.architecture,
          components: p.components.map((c) => c.aws ?? c.file ?? ''),
          tests: (p.tests ?? []).map((c) => c.aws ?? c.file ?? ''),
          regions: d.regions,
          sharing: [
            share?.organization ? 'organization' : '',
            share?.organizationalUnits ? `OUs ${share.organizationalUnits.join(', ')}` : '',
            share?.accounts ? `accounts ${share.accounts.join(', ')}` : '',
            d.copyTo ? `copies to ${d.copyTo.join(', ')}` : '',
          ].filter(Boolean),
        },
        retention: effectiveRetention(p.retention),
      };
    });
  return {
    accountId: model.account(f.account).id,
    accountAlias: f.account,
    buildRegion: f.buildRegion,
    email: f.notifications?.email,
    network: f.network
      ? { subnetId: f.network.subnetId, securityGroupIds: [...f.network.securityGroupIds].sort() }
      : undefined,
    pipelines,
  };
}

/** ARN of a pipeline's execution role in the factory account. */
export const executionRoleArn = (spec: ImageFactorySpec, p: PipelineSpec) =>
  roleArn(spec.accountId, pipelineExecutionRoleName(p.key));

/**
 * What a copyTo account needs for its roles: the regions of the keys its copies use, the parameters
 * written into it, and the execution roles of the pipelines that copy into it.
 */
export function consumerNeeds(
  spec: ImageFactorySpec,
  accountId: string,
): { keyRegions: string[]; parameterArns: string[]; executionRoleArns: string[] } {
  const regions = new Set<string>();
  const parameters = new Set<string>();
  const roles = new Set<string>();
  for (const p of spec.pipelines) {
    if (!p.copyTo.includes(accountId)) continue;
    roles.add(executionRoleArn(spec, p));
    regions.add(spec.buildRegion);
    for (const r of p.regions) {
      regions.add(r);
      if (p.parameter) parameters.add(ssmParameterArn(r, accountId, p.parameter));
    }
  }
  return {
    keyRegions: [...regions].sort(),
    parameterArns: [...parameters].sort(),
    executionRoleArns: [...roles].sort(),
  };
}
