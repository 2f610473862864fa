// Builds one construct alone in a minimal cdktf stack (an AwsProvider, hand-written props, nothing read from a
// profile) and reads the synthesized Terraform JSON back, in process: the unit tier of the construct tests.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';

/** Region of the default provider. */
export const REGION = 'ap-southeast-2';

export interface SynthesizedConstruct {
  /** The whole cdk.tf.json. */
  readonly json: any;
  /** Resource type → logical ID → config (snake_case keys, as Terraform reads them). */
  readonly resources: Record<string, Record<string, any>>;
  /** Every config of a type, in logical-ID order ([] when none). */
  all(type: string): any[];
  /** The one config of a type; throws unless there is exactly one. */
  one(type: string): any;
  /** The config of a type whose logical ID contains `part`; throws unless exactly one does. */
  named(type: string, part: string): any;
  /** `type.id`: how depends_on names this config. */
  address(type: string, config: any): string;
  /** `${type.id.attribute}`: the reference another resource holds to this config's attribute. */
  ref(type: string, config: any, attribute: string): string;
}

/** A provider for another region, aliased by its region code (as the stacks alias theirs). */
export function regionProvider(stack: TerraformStack, region: string): AwsProvider {
  return new AwsProvider(stack, `aws-${region}`, { region, alias: region });
}

export function synthConstruct(
  build: (stack: TerraformStack, provider: AwsProvider) => unknown,
  region = REGION,
): SynthesizedConstruct {
  const stack = new TerraformStack(Testing.app(), 'construct-under-test');
  build(stack, new AwsProvider(stack, 'aws', { region }));
  const json = JSON.parse(Testing.synth(stack));
  const resources: Record<string, Record<string, any>> = json.resource ?? {};
  const entries = (type: string) => Object.entries(resources[type] ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const exactlyOne = (type: string, found: [string, any][], what: string) => {
    if (found.length !== 1)
      throw new Error(`expected one ${type}${what}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
    return found[0][1];
  };
  const address = (type: string, config: any) => {
    const id = entries(type).find(([, c]) => c === config)?.[0];
    if (!id) throw new Error(`no ${type} with that config`);
    return `${type}.${id}`;
  };
  return {
    json,
    resources,
    all: (type) => entries(type).map(([, c]) => c),
    one: (type) => exactlyOne(type, entries(type), ''),
    named: (type, part) =>
      exactlyOne(
        type,
        entries(type).filter(([id]) => id.includes(part)),
        ` named *${part}*`,
      ),
    address: (type, config) => address(type, config),
    ref: (type, config, attribute) => `\${${address(type, config)}.${attribute}}`,
  };
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: any;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document (a JSON string), by Sid; throws on a duplicate Sid. */
export function statements(policy: string): Record<string, PolicyStatement> {
  const doc = JSON.parse(policy);
  if (doc.Version !== '2012-10-17') throw new Error(`policy version ${doc.Version}`);
  const out: Record<string, PolicyStatement> = {};
  for (const s of doc.Statement as PolicyStatement[]) {
    if (s.Sid in out) throw new Error(`duplicate Sid ${s.Sid}`);
    out[s.Sid] = s;
  }
  return out;
}

/** Every action a policy allows, flattened and sorted. */
export function allowedActions(policy: string): string[] {
  return Object.values(statements(policy))
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();
}
