/**
 * A Terraform state (format 4) as if a plan had been applied, built offline from the plan's JSON,
 * so a later `terraform plan -refresh=false` shows what the next apply would do to an estate
 * deployed from the first configuration.
 *
 * `stateFromPlan` takes every planned resource with its planned values. What is known only after
 * apply gets a stand-in: IDs and ARNs (and other provider-computed attributes) made-up but
 * well-formed values; attributes computed from other resources' unknowns start empty.
 * `settle` then lets Terraform itself evaluate those: plan the same configuration against the
 * state, copy each planned value into the state (keeping stand-ins where the plan still says
 * "known after apply"), and repeat until the plan has nothing to do.
 */
import { randomUUID } from 'node:crypto';

type Json = any;

/** Where a resource lives, for its made-up ARN. */
interface Place {
  readonly type: string;
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly values: Json;
}

/** A well-formed ARN for the resource (Image Builder validates the shape of the ARNs it is given). */
function fakeArn(p: Place): string {
  const n = String(p.values?.name ?? p.name)
    .toLowerCase()
    .replace(/[^a-z0-9-_]/g, '-');
  if (p.type.startsWith('aws_imagebuilder_')) {
    const kind = p.type.slice('aws_imagebuilder_'.length).replace(/_/g, '-');
    const version = p.values?.version ? `/${p.values.version}${kind === 'component' ? '/1' : ''}` : '';
    return `arn:aws:imagebuilder:${p.region}:${p.account}:${kind}/${n}${version}`;
  }
  const service = p.type.split('_')[1];
  return `arn:aws:${service}:${p.region}:${p.account}:${p.type}/${n}`;
}

/**
 * A stand-in for an attribute known only after apply: an ID or ARN, a placeholder of its type for
 * what the provider computes, an empty collection or null for what the configuration determines.
 */
function standIn(key: string, attr: Json, p: Place): Json {
  if (key === 'arn') return fakeArn(p);
  if (key === 'id') return `fake-${p.name}-id`;
  if (!attr) return [];
  const t = attr.type;
  const collection = Array.isArray(t) && ['list', 'set', 'map'].includes(t[0]);
  if (attr.optional || attr.required) return collection ? (t[0] === 'map' ? {} : []) : null;
  if (t === 'string') return key.endsWith('_arn') ? fakeArn(p) : `fake-${p.name}-${key}`;
  if (t === 'number') return 0;
  if (t === 'bool') return false;
  return collection ? (t[0] === 'map' ? {} : []) : null;
}

/** Evaluates a configuration value whose references (`${type.name.attr}`) lead to known or stand-in values. */
type Evaluate = (expr: Json) => Json;

/** The configuration node below `node` for key k at list index i (cdktf writes single nested blocks as objects). */
const child = (node: Json, k: string, i?: number): Json => {
  const v = node?.[k];
  if (i === undefined) return v;
  return Array.isArray(v) ? v[i] : i === 0 ? v : undefined;
};

/**
 * `values` with the parts marked unknown replaced: by `prior` where it has a value, by the
 * configuration's expression evaluated against the other resources, else by a stand-in.
 */
function fill(
  values: Json,
  unknown: Json,
  prior: Json,
  block: Json,
  p: Place,
  config?: Json,
  evaluate?: Evaluate,
  top = true,
): Json {
  const out: Json = { ...values };
  for (const [k, u] of Object.entries<Json>(unknown ?? {})) {
    const nested = block?.block_types?.[k]?.block;
    if (u === true) {
      const expr = config?.[k];
      out[k] =
        prior?.[k] ??
        (expr !== undefined && evaluate ? evaluate(expr) : standIn(top ? k : `nested_${k}`, block?.attributes?.[k], p));
    } else if (Array.isArray(u) && Array.isArray(values?.[k])) {
      out[k] = values[k].map((v: Json, i: number) =>
        v && typeof v === 'object'
          ? fill(v, u[i], prior?.[k]?.[i], nested, p, child(config, k, i), evaluate, false)
          : v,
      );
    } else if (u && typeof u === 'object' && values?.[k] && typeof values[k] === 'object') {
      out[k] = fill(values[k], u, prior?.[k], nested, p, child(config, k), evaluate, false);
    }
  }
  return out;
}

/** Top-level sensitive attributes, as state records them (so sensitivity alone plans no update). */
const sensitivePaths = (block: Json) =>
  Object.entries<Json>(block?.attributes ?? {})
    .filter(([, a]) => a.sensitive)
    .map(([k]) => [{ type: 'get_attr', value: k }]);

/** Region and account of a resource, from its provider configuration in the plan. */
function placeOf(plan: Json, r: Json, address: string): Place {
  const key: string =
    (plan.configuration?.root_module?.resources ?? []).find((c: Json) => c.address === address)?.provider_config_key ??
    'aws';
  const provider = plan.configuration?.provider_config?.[key]?.expressions ?? {};
  return {
    type: r.type,
    name: r.name,
    region: provider.region?.constant_value ?? 'us-east-1',
    account: provider.allowed_account_ids?.constant_value?.[0] ?? '000000000000',
    values: r.values ?? r.change?.after,
  };
}

export interface StateFromPlanOptions {
  /** `terraform show -json` of a plan of the configuration to pretend was applied. */
  readonly plan: Json;
  /** `terraform providers schema -json` (schema versions and attribute types). */
  readonly schemas: Json;
  /** The configuration's cdk.tf.json: create_before_destroy is recorded in state, as apply does. */
  readonly config: Json;
}

const schemaOf = (schemas: Json, r: Json) => schemas.provider_schemas[r.provider_name].resource_schemas[r.type];

export function stateFromPlan({ plan, schemas, config }: StateFromPlanOptions): Json {
  const configByAddress = new Map<string, Json>(
    (plan.configuration?.root_module?.resources ?? []).map((r: Json) => [r.address, r]),
  );
  const changes = new Map<string, Json>((plan.resource_changes ?? []).map((c: Json) => [c.address, c]));
  const planned = new Map<string, Json>(
    (plan.planned_values?.root_module?.resources ?? []).map((r: Json) => [r.address, r]),
  );

  // An attribute of another resource: planned if known, else its configuration evaluated, else a stand-in.
  const memo = new Map<string, Json>();
  const attribute = (address: string, attr: string): Json => {
    const key = `${address}.${attr}`;
    if (memo.has(key)) return memo.get(key);
    memo.set(key, null); // a cycle evaluates to null rather than recursing forever
    const r = planned.get(address);
    let v: Json = r?.values?.[attr];
    if (v === undefined || v === null) {
      const [type, name] = address.split('.');
      const expr = config.resource?.[type]?.[name]?.[attr];
      v =
        expr !== undefined
          ? evaluate(expr)
          : r
            ? standIn(attr, schemaOf(schemas, r).block.attributes?.[attr], placeOf(plan, r, address))
            : null;
    }
    memo.set(key, v);
    return v;
  };
  const REF = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;
  const evaluate: Evaluate = (expr) => {
    if (typeof expr === 'string') {
      const whole = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expr);
      if (whole) return attribute(whole[1], whole[2]);
      return expr.replace(REF, (_, a: string, attr: string) => String(attribute(a, attr)));
    }
    if (Array.isArray(expr)) return expr.map(evaluate);
    if (expr && typeof expr === 'object')
      return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, evaluate(v)]));
    return expr;
  };

  // What each resource depends on (transitively), recorded in state as apply records it: Terraform
  // orders the destruction of replaced (deposed) objects after their dependents' updates by it.
  const direct = (address: string): string[] => {
    const [type, name] = address.split('.');
    const body = config.resource?.[type]?.[name] ?? {};
    const refs = [...JSON.stringify(body).matchAll(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]);
    return [...refs, ...(body.depends_on ?? [])].filter((a) => a !== address);
  };
  const dependencies = (address: string, seen = new Set<string>()): Set<string> => {
    for (const d of direct(address))
      if (!seen.has(d)) {
        seen.add(d);
        dependencies(d, seen);
      }
    return seen;
  };

  const resources = [...planned.values()].map((r: Json) => {
    const schema = schemaOf(schemas, r);
    const key: string = configByAddress.get(r.address)?.provider_config_key ?? '';
    const alias = key.includes('.') ? `.${key.split('.').slice(1).join('.')}` : '';
    const cbd = config.resource?.[r.type]?.[r.name]?.lifecycle?.create_before_destroy === true;
    return {
      mode: r.mode,
      type: r.type,
      name: r.name,
      provider: `provider["${r.provider_name}"]${alias}`,
      instances: [
        {
          schema_version: schema.version ?? 0,
          attributes: fill(
            r.values,
            changes.get(r.address)?.change?.after_unknown,
            undefined,
            schema.block,
            placeOf(plan, r, r.address),
            config.resource?.[r.type]?.[r.name],
            evaluate,
          ),
          sensitive_attributes: sensitivePaths(schema.block),
          dependencies: [...dependencies(r.address)].sort(),
          ...(cbd ? { create_before_destroy: true } : {}),
        },
      ],
    };
  });
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources,
    check_results: null,
  };
}

/**
 * One settling step: the state after applying `plan` (a plan of the same configuration against
 * `state`), and how many resources the plan still wanted to change.
 */
export function settle(state: Json, plan: Json, schemas: Json): { state: Json; pending: number } {
  const changes = new Map<string, Json>(plan.resource_changes.map((c: Json) => [c.address, c]));
  let pending = 0;
  const resources = state.resources.map((r: Json) => {
    const c = changes.get(`${r.type}.${r.name}`);
    if (!c || c.change.actions.join() === 'no-op') return r;
    pending++;
    const prior = r.instances[0].attributes;
    const place = placeOf(plan, { ...r, values: c.change.after }, c.address);
    const attributes = fill(
      c.change.after,
      c.change.after_unknown,
      prior,
      schemaOf(schemas, { ...r, provider_name: c.provider_name }).block,
      place,
    );
    return { ...r, instances: [{ ...r.instances[0], attributes }] };
  });
  return { state: { ...state, serial: state.serial + 1, resources }, pending };
}
