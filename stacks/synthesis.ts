// A stack's synthesis as cdktf 0.21 does it, step for step, with its two costliest steps made cheap; the JSON
// written is the same. Token resolution: cdktf resolves every element of a stack, then the merged stack once
// more, visiting every key and string through closures, a context object and three regular expressions
// each; Patchline stacks are mostly literal strings, so resolveStackValue returns literal values as they
// are and hands anything that could be (or hold) a token to cdktf's own resolve. Writing: cdktf's
// json-stable-stringify builds the text in JavaScript; stableJson sorts (copying only what is out of order) and
// lets JSON.stringify write it. Together they were two thirds of synthesis time at 1,000 accounts.
import { closeSync, mkdirSync, openSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  AnnotationMetadataEntryType,
  Aspects,
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
  type IStackSynthesizer,
  type ITerraformDependable,
  type ISynthesisSession,
  type StackAnnotation,
} from 'cdktf';
import { encounteredAnnotationWithLevelError, stackValidationFailure } from 'cdktf/lib/errors';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { dependable, ref } from 'cdktf/lib/tfExpression';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { TerraformDynamicBlock } from 'cdktf/lib/terraform-dynamic-block';
import { deepMerge, snakeCase } from 'cdktf/lib/util';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { Construct, ConstructOrder, type IConstruct } from 'constructs';
// cdktf's own dependency (cdktf/node_modules), for the rare value stableJson leaves to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stableStringify: (
  value: unknown,
  opts: { space: number },
) => string | undefined = require('cdktf/node_modules/json-stable-stringify');

/** The resolver cdktf's stacks use (cdktf/lib/_tokens.js). */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** What every encoded string, list and map token contains (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = '{TfToken[';
/** What an encoded list token contains (cdktf's BEGIN_LIST_TOKEN_MARKER). */
const LIST_TOKEN_MARKER = '#{TfToken[';

/** Encoded number tokens are doubles whose top 16 bits are a marker: all have a magnitude of at least 2^960. */
const TOKEN_DOUBLE_MIN = 2 ** 960;

/** cdktf's pattern for a number token concatenated into a string, `[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`
 * (NUMBER_TOKEN_REGEX in its encoding.ts), as a test: it matches wherever one character of each side meets an `e`. */
const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;

/** A string cdktf's resolve returns as it is. (It also refuses stray map-token values: those go to it to throw.) */
function literalString(s: string): boolean {
  return (
    !s.includes(TOKEN_MARKER) &&
    !NUMBER_IN_STRING.test(s) &&
    s !== Token.STRING_MAP_TOKEN_VALUE &&
    s !== Token.ANY_MAP_TOKEN_VALUE
  );
}

function literalNumber(n: number): boolean {
  return Math.abs(n) < TOKEN_DOUBLE_MIN && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

function cdktfResolve(scope: IConstruct, value: unknown): any {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
}

/** Each string token in a text (cdktf's STRING_TOKEN_REGEX). */
const STRING_TOKENS = /\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}/g;
/** A string that is one string token and nothing else. */
const ONE_STRING_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;

/** The class of cdktf's attribute references (`resource.arn`), which its module does not export. */
const REFERENCE_CLASS = ref('', undefined).constructor;
/** The class of cdktf's depends_on entries (`dependsOn: [bucket]`), not exported either; getting it registers one token. */
const DEPENDABLE_CLASS = Tokenization.reverseString(dependable({ fqn: '' } as ITerraformDependable)).firstToken
  ?.constructor;

/**
 * What cdktf's resolve makes of the string token `key` when it is an attribute reference (`bucket.arn`, written
 * `${<type>.<name>.<attribute>}`, or without the braces where `braces` is false) or a depends_on entry
 * (`<type>.<name>`, the element's fqn: itself such a reference, resolved without braces). Undefined for any other
 * token, an unknown key (cdktf throws), or a reference resolved for another stack (cross-stack, which synthesis
 * refuses anyway): cdktf then resolves the string itself.
 */
function tokenValue(key: string, braces: boolean): string | undefined {
  let token: any;
  try {
    token = TokenMap.instance().lookupToken(key);
  } catch {
    return undefined;
  }
  const kind = token?.constructor;
  if (kind === REFERENCE_CLASS) {
    if (typeof token.identifier !== 'string') return undefined;
    for (const _ in token.crossStackIdentifier) return undefined;
    return braces ? `\${${token.identifier}}` : token.identifier;
  }
  if (kind === DEPENDABLE_CLASS && kind !== undefined) {
    // Dependable.resolve returns the fqn and asks for no braces; cdktf then resolves the fqn in that context.
    const fqn = token.dependable?.fqn;
    if (typeof fqn !== 'string') return undefined;
    const inner = ONE_STRING_TOKEN.exec(fqn)?.[1];
    if (inner !== undefined) return tokenValue(inner, false);
    return literalString(fqn) && !fqn.includes('${') ? fqn : undefined;
  }
  return undefined;
}

/**
 * What cdktf's resolve makes of a string holding string tokens (`${TfToken[TOKEN.n]}`), when each is an attribute
 * reference or a depends_on entry (tokenValue) and the text around them holds no `${` of its own: the text with
 * each token replaced by its value, without cdktf's fragments, three contexts per token and second pass. That is
 * nearly every token a Patchline stack holds: references alone, depends_on entries, and references in policy
 * documents and URLs. Undefined otherwise (cdktf then resolves the string itself): another kind of token, a list
 * or map marker, a `${` in the text (cdktf writes the tokens after such an escape without their braces), or a
 * result cdktf would resolve further (one that reads as a number token).
 */
function tokenText(s: string): string | undefined {
  let out = '';
  let from = 0;
  STRING_TOKENS.lastIndex = 0;
  for (let m = STRING_TOKENS.exec(s); m; m = STRING_TOKENS.exec(s)) {
    const text = s.slice(from, m.index);
    if (text.includes('${') || text.includes(TOKEN_MARKER)) return undefined;
    const value = tokenValue(m[1], true);
    if (value === undefined) return undefined;
    out += text + value;
    from = STRING_TOKENS.lastIndex;
  }
  const rest = s.slice(from);
  if (rest.includes('${') || rest.includes(TOKEN_MARKER)) return undefined;
  out += rest;
  // cdktf resolves what a token returns once more, and looks for number tokens in the whole result: a literal
  // string (no token, no number token) stays as it is.
  return literalString(out) ? out : undefined;
}

/**
 * cdktf's resolve (as TerraformStack.toTerraform calls it): the same result, with literal values untouched.
 * Plain objects and arrays with nothing to resolve come back as they are, not copied (cdktf copies them);
 * nothing in synthesis writes to them.
 */
export function resolveStackValue(scope: IConstruct, value: unknown, depth = 0): any {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value;
    case 'string':
      return literalString(value) ? value : (tokenText(value) ?? cdktfResolve(scope, value));
    case 'number':
      return literalNumber(value) ? value : cdktfResolve(scope, value);
    case 'function':
      return cdktfResolve(scope, value);
  }
  const obj = value as any;
  if (obj === null || obj instanceof Date) return obj;
  // Past cdktf's own depth limit against cycles: let it throw.
  if (depth > 200) return cdktfResolve(scope, obj);
  if (Array.isArray(obj)) {
    // A list token is a one-element list (a string or a number): cdktf resolves the whole list then. Any other
    // list it resolves element by element, as here, leaving out what resolves to undefined.
    for (const x of obj)
      if ((typeof x === 'string' && x.includes(LIST_TOKEN_MARKER)) || (typeof x === 'number' && !literalNumber(x)))
        return cdktfResolve(scope, obj);
    let out: unknown[] | undefined = Object.getPrototypeOf(obj) === Array.prototype ? undefined : [];
    for (let i = 0; i < obj.length; i++) {
      const x = obj[i];
      const r = resolveStackValue(scope, x, depth + 1);
      if (!out && (r !== x || r === undefined)) out = obj.slice(0, i);
      if (out && r !== undefined) out.push(r);
    }
    return out ?? obj;
  }
  // Tokens (a resolve method), constructs, map tokens and keys that could be tokens: cdktf's.
  if (typeof obj.resolve === 'function' || (obj._children !== undefined && obj._metadata !== undefined))
    return cdktfResolve(scope, obj);
  const keys = Object.keys(obj);
  for (const k of keys) if (!literalString(k)) return cdktfResolve(scope, obj);
  // cdktf copies own enumerable properties into a plain object: anything else is copied too.
  const proto = Object.getPrototypeOf(obj);
  let out: Record<string, unknown> | undefined = proto === Object.prototype ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = obj[k];
    const r = resolveStackValue(scope, x, depth + 1);
    if (!out && (r !== x || r === undefined)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = obj[keys[j]];
    }
    if (out && r !== undefined) out[k] = r;
  }
  return out ?? obj;
}

/** A plain object whose keys cdktf's resolve leaves as they are, and which is not itself a token or a construct. */
function plainObject(v: any): boolean {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  if (typeof v.resolve === 'function' || (v._children !== undefined && v._metadata !== undefined)) return false;
  for (const k of Object.keys(v)) if (!literalString(k)) return false;
  return true;
}

/** An object the merge made (a plain object, so no token). */
function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * deepMerge(target, resolve(source)), as TerraformStack.toTerraform merges each element, in one walk: a plain
 * object of the source merges key by key; any other value is resolved (resolveStackValue) and merged as
 * deepMerge would merge it.
 */
function mergeResolved(scope: IConstruct, target: any, source: any, depth: number): void {
  if (depth > 200 || !plainObject(source)) {
    const r = resolveStackValue(scope, source, depth);
    if (r !== undefined) deepMerge(target, r);
    return;
  }
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (plainObject(value)) {
      if (typeof target[key] !== 'object') target[key] = {};
      mergeResolved(scope, target[key], value, depth + 1);
      continue;
    }
    const r = resolveStackValue(scope, value, depth + 1);
    // deepMerge's step for one value; undefined (which resolve drops) leaves the target as it is.
    if (r === undefined) continue;
    if (typeof r === 'object' && r !== null && !Array.isArray(r)) deepMerge(target, { [key]: r });
    else if (Array.isArray(r)) target[key] = Array.isArray(target[key]) ? [...target[key], ...r] : r;
    else target[key] = r;
  }
}

/** The stack's elements, not those of nested stacks (terraformElements in cdktf's terraform-stack.js), with their
 * construct paths (Node.path: the IDs from the root, the App's empty one left out). */
function elementsOf(
  node: IConstruct,
  path: string,
  into: Array<[TerraformElement, string]> = [],
): Array<[TerraformElement, string]> {
  if (TerraformElement.isTerraformElement(node)) into.push([node, path]);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, path ? `${path}/${child.node.id}` : child.node.id, into);
  }
  return into;
}

function getterOf(o: object, name: string): Function | undefined {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d.get;
  }
  return undefined;
}

const RESOURCE_TO_TERRAFORM = TerraformResource.prototype.toTerraform;
const META_ARGUMENTS = getterOf(TerraformResource.prototype, 'terraformMetaArguments');
const NODE_METADATA = getterOf(TerraformElement.prototype, 'constructNodeMetadata');
/** Per resource class: whether it synthesizes as TerraformResource does (the generated bindings all do). */
const plainResourceClass = new WeakMap<Function, boolean>();

/** snakeCase (cdktf/lib/util) by key: its three regular expressions ran for every key of every provider block. */
const SNAKE_KEYS = new Map<string, string>();
function snakeKey(key: string): string {
  let snake = SNAKE_KEYS.get(key);
  if (snake === undefined) SNAKE_KEYS.set(key, (snake = snakeCase(key)));
  return snake;
}

/** cdktf's keysToSnakeCase (cdktf/lib/util), step for step (arrays in objects are mapped twice, as there), with snakeKey. */
export function keysToSnakeCase(object: any): any {
  if (Tokenization.isResolvable(object)) return object;
  if (Array.isArray(object)) return object.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === 'tags' || key === 'environment') {
      out[key] = object[key];
      continue;
    }
    let value = object[key];
    if (typeof value === 'object') value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
    out[snakeKey(key)] = value;
  }
  return out;
}

/**
 * cdktf's processDynamicAttributes (cdktf/lib/util): a copy of the plain objects, with dynamic blocks moved under
 * `dynamic`; the same result without an array per key (Object.entries) and a closure per object.
 */
function dynamicAttributes(attributes: Record<string, any>): Record<string, any> {
  const result: Record<string, any> = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (TerraformDynamicBlock.isTerraformDynamicBlock(value)) {
      if (!result.dynamic) result.dynamic = {};
      result.dynamic[name] = value.toTerraformDynamicBlockJson();
    } else
      result[name] =
        value !== null && typeof value === 'object' && value.constructor === Object ? dynamicAttributes(value) : value;
  }
  return result;
}

const PROVIDER_TO_TERRAFORM = TerraformProvider.prototype.toTerraform;

/** TerraformProvider.toTerraform of cdktf 0.21, with the key conversions above (or the provider's own, if it has one). */
function providerTerraform(p: TerraformProvider): any {
  const r = p as any;
  if (r.toTerraform !== PROVIDER_TO_TERRAFORM) return p.toTerraform();
  const type: string = r.terraformResourceType;
  const meta = r.terraformGeneratorMetadata;
  return {
    terraform: {
      required_providers: {
        [type]: {
          version: meta?.providerVersion || meta?.providerVersionConstraint,
          source: r.terraformProviderSource,
        },
      },
    },
    provider: {
      [type]: [
        deepMerge(keysToSnakeCase(dynamicAttributes(r.synthesizeAttributes())), r.rawOverrides, r.metaAttributes),
      ],
    },
  };
}

/** A resource's block as TerraformResource.toTerraform would write it: `resource.<type>.<uniqueId>`. */
interface ResourceBlock {
  readonly type: string;
  readonly uniqueId: string;
  readonly attributes: Record<string, unknown>;
}

/**
 * TerraformResource.toTerraform of cdktf 0.21 for the resources Patchline writes: no count, for_each, lifecycle,
 * connection, provisioners, moves or imports (anything else takes cdktf's own path, returned as it is). The
 * same block, without building the meta-arguments object, converting its keys and walking the construct's
 * scopes for its path.
 */
function resourceTerraform(e: TerraformResource, path: string): ResourceBlock | { block?: undefined; tf: any } {
  const r = e as any;
  let plain = plainResourceClass.get(r.constructor);
  if (plain === undefined) {
    plain =
      r.toTerraform === RESOURCE_TO_TERRAFORM &&
      getterOf(r, 'terraformMetaArguments') === META_ARGUMENTS &&
      getterOf(r, 'constructNodeMetadata') === NODE_METADATA;
    plainResourceClass.set(r.constructor, plain);
  }
  if (
    !plain ||
    r.count !== undefined ||
    r.forEach !== undefined ||
    r.lifecycle !== undefined ||
    r.connection !== undefined ||
    r.provisioners !== undefined ||
    r._hasMoved ||
    r._movedByTarget ||
    r._movedById ||
    r._imported
  )
    return { tf: e.toTerraform() };
  const attributes = dynamicAttributes(r.synthesizeAttributes());
  // deepMerge of keysToSnakeCase(terraformMetaArguments) and { provisioner }: undefined deletes (checked first:
  // deleting a property an object does not have still costs a call into the runtime).
  const remove = (key: string) => {
    if (key in attributes) delete attributes[key];
  };
  if (r.dependsOn === undefined) remove('depends_on');
  else {
    const dependsOn = keysToSnakeCase(r.dependsOn);
    attributes.depends_on = Array.isArray(attributes.depends_on) ? [...attributes.depends_on, ...dependsOn] : dependsOn;
  }
  remove('count');
  const provider = r.provider?.fqn;
  if (provider === undefined) remove('provider');
  else attributes.provider = provider;
  remove('lifecycle');
  remove('for_each');
  remove('connection');
  remove('provisioner');
  deepMerge(attributes, r.rawOverrides);
  const uniqueId = r.friendlyUniqueId;
  attributes['//'] = {
    ...(attributes['//'] ?? {}),
    metadata: {
      path,
      uniqueId,
      stackTrace: r.node.metadata.find((m: { type: string }) => m.type === 'stacktrace')?.trace,
    },
  };
  // (cdktf's object also holds `moved` and `import`, undefined here, which the merge leaves out.)
  return { type: r.terraformResourceType, uniqueId, attributes };
}

/**
 * TerraformStack.toTerraform of cdktf 0.21, step for step, with resolveStackValue for its resolve: the same
 * JSON in a fraction of the time.
 */
export function stackTerraform(stack: TerraformStack): any {
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  const tf: Record<string, any> = {};
  const metadata = {
    version: internals.cdktfVersion,
    stackName: stack.node.id,
    backend: 'local', // overwritten by backend implementations if used
    cloud: undefined, // overwritten by cloud and remote backend implementations
    ...(Object.keys(internals.rawOverrides).length > 0
      ? { overrides: { stack: Object.keys(internals.rawOverrides) } }
      : {}),
  };
  const paths = elementsOf(stack, stack.node.path);
  const elements = paths.map(([e]) => e);
  const metadatas = elements.map((e) => resolveStackValue(stack, e.toMetadata()));
  for (const meta of metadatas) deepMerge(metadata, meta);
  const outputs = elements.reduce((carry, item) => {
    if (!TerraformOutput.isTerraformOutput(item)) return carry;
    deepMerge(
      carry,
      item.node.path
        .split('/')
        .reduceRight(
          (inner: object, part) =>
            Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner },
          {},
        ),
    );
    return carry;
  }, {});
  tf['//'] = { metadata, outputs };
  for (const [e, path] of paths) {
    if (!TerraformResource.isTerraformResource(e)) {
      mergeResolved(stack, tf, TerraformProvider.isTerraformProvider(e) ? providerTerraform(e) : e.toTerraform(), 0);
      continue;
    }
    const block = resourceTerraform(e, path);
    if (!('type' in block)) {
      mergeResolved(stack, tf, block.tf, 0);
      continue;
    }
    tf.resource ??= {};
    if (isRecord(tf.resource)) tf.resource[block.type] ??= {};
    const byId = isRecord(tf.resource) && isRecord(tf.resource[block.type]) ? tf.resource[block.type] : undefined;
    if (byId && !(block.uniqueId in byId)) {
      // The first block under its address, as nearly always: resolved in place of merging a copy key by key
      // (resourceTerraform's attributes are its own; keys left undefined are written as the merge would, not at all).
      const r = resolveStackValue(stack, block.attributes, 3);
      if (r !== undefined) byId[block.uniqueId] = r;
    } else mergeResolved(stack, tf, { resource: { [block.type]: { [block.uniqueId]: block.attributes } } }, 0);
  }
  deepMerge(tf, internals.rawOverrides);
  // cdktf resolves the merged whole once more. Resolving a resolved value changes nothing, so only what was
  // merged in unresolved is: the metadata block and whatever the stack's own overrides reach.
  const again = new Set(['//', ...Object.keys(internals.rawOverrides)]);
  if (Object.keys(tf).some((k) => !literalString(k))) return resolveStackValue(stack, tf);
  const result: Record<string, unknown> = {};
  for (const k of Object.keys(tf)) {
    const r = again.has(k) ? resolveStackValue(stack, tf[k], 1) : tf[k];
    if (r !== undefined) result[k] = r;
  }
  return result;
}

/** An array index as a key: JSON.stringify would write it before the others, whatever the order given. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
/** Marks an empty object or array in the sorted copy (see stableJson). */
const EMPTY = '\u0000';
/** A marker as JSON.stringify writes it: a quote, then the NUL escaped. */
const EMPTY_JSON = '"\\u0000';
class Unusual extends Error {}

/** Sorts keys in place by code unit, as Array.prototype.sort does, without the copy it makes of every array. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  return keys;
}

/**
 * node with keys sorted and toJSON applied, as json-stable-stringify visits it; an empty object or array
 * becomes a marker string with its depth. Objects and arrays that JSON.stringify would write so already (keys in
 * order, nothing below changed) are returned as they are: most of a stack's are, as the bindings write them.
 * Throws Unusual where JSON.stringify could not then write the same text: a NUL character (the marker's), an
 * array-index key, a depth that may be a cycle.
 */
function sortedCopy(node: any, level: number): any {
  if (node && typeof node.toJSON === 'function') node = node.toJSON();
  if (typeof node === 'string') {
    if (node.includes(EMPTY)) throw new Unusual();
    return node;
  }
  if (typeof node !== 'object' || node === null) return node;
  if (level > 500) throw new Unusual();
  if (Array.isArray(node)) {
    if (node.length === 0) return marker('[', level);
    let out: unknown[] | undefined = Object.getPrototypeOf(node) === Array.prototype ? undefined : [];
    for (let i = 0; i < node.length; i++) {
      const x = node[i];
      const v = sortedCopy(x, level + 1);
      if (!out && v !== x) {
        out = new Array(node.length);
        for (let j = 0; j < i; j++) out[j] = node[j];
      }
      if (out) out[i] = v;
    }
    return out ?? node;
  }
  const keys = Object.keys(node);
  // Copied when its keys are out of order (or it is no plain object), else only when a value below is.
  let out: Record<string, unknown> | undefined;
  if (Object.getPrototypeOf(node) !== Object.prototype || !inOrder(keys)) {
    sortKeys(keys);
    out = {};
  }
  let empty = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.includes(EMPTY) || INDEX_KEY.test(key)) throw new Unusual();
    const x = node[key];
    const v = sortedCopy(x, level + 1);
    if (!out && v !== x) {
      out = {};
      // (Values JSON.stringify leaves out may be copied too: it leaves them out of the copy as well.)
      for (let j = 0; j < i; j++) out[keys[j]] = node[keys[j]];
    }
    if (!written(v)) continue;
    empty = false;
    if (out) out[key] = v;
  }
  return empty ? marker('{', level) : (out ?? node);
}

/** Markers sortedCopy has made since stableJsonPieces began: the text holds exactly these, none after the last. */
let markers = 0;

function marker(open: '{' | '[', level: number): string {
  markers++;
  return `${EMPTY}${open}${level}`;
}

/** Whether JSON.stringify writes an object's property with this value (it leaves these out). */
function written(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Whether keys are in code-unit order already. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/**
 * What cdktf writes a stack with, `json-stable-stringify(value, { space: 2 })` (keys sorted by code unit, toJSON
 * honoured, an empty object or array still broken over two lines), through the native JSON.stringify of a
 * sorted copy: several times faster. In pieces that join into the text (no copy of the whole to insert the
 * empty ones), or undefined where there is no JSON.
 */
export function stableJsonPieces(value: unknown): string[] | undefined {
  let copy;
  markers = 0;
  try {
    copy = sortedCopy(value, 0);
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    const json = stableStringify(value, { space: 2 });
    return json === undefined ? undefined : [json];
  }
  const json = JSON.stringify(copy, null, 2) as string | undefined;
  if (json === undefined) return undefined;
  // Each marker is written as "\u0000{<depth>" or "\u0000[<depth>" (sortedCopy); no other string holds a NUL.
  // Counted, so the search stops at the last: nearly every stack has one, its empty outputs, near the top.
  const pieces: string[] = [];
  let from = 0;
  for (let n = markers; n > 0; n--) {
    const at = json.indexOf(EMPTY_JSON, from);
    const open = json[at + EMPTY_JSON.length];
    const end = json.indexOf('"', at + EMPTY_JSON.length);
    const level = Number(json.slice(at + EMPTY_JSON.length + 1, end));
    pieces.push(json.slice(from, at), `${open}\n${'  '.repeat(level)}${open === '[' ? ']' : '}'}`);
    from = end + 1;
  }
  pieces.push(from ? json.slice(from) : json);
  return pieces;
}

/** stableJsonPieces, joined. */
export function stableJson(value: unknown): string | undefined {
  return stableJsonPieces(value)?.join('');
}

/** Where cdktf keeps a construct's aspects (a symbol its module keeps to itself): found on a construct given some. */
const ASPECTS: symbol | undefined = (() => {
  const probe = new Construct(undefined as unknown as Construct, '');
  Aspects.of(probe);
  return Object.getOwnPropertySymbols(probe).find((s) => (probe as any)[s] instanceof Aspects);
})();

/** Where cdktf keeps a construct's custom synthesis (addCustomSynthesis in its synthesizer.ts). */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');
const ANNOTATION_TYPES: readonly string[] = [
  AnnotationMetadataEntryType.INFO,
  AnnotationMetadataEntryType.WARN,
  AnnotationMetadataEntryType.ERROR,
];

/**
 * cdktf's StackSynthesizer (JSON output) step for step, writing with stableJsonPieces, then showing the JSON (in
 * pieces) to the session's `written(name, pieces)` if it has one. For HCL output (SYNTH_HCL_OUTPUT) stacks keep cdktf's own.
 */
export class JsonStackSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly continueOnErrorAnnotations: boolean,
  ) {}

  synthesize(session: ISynthesisSession): void {
    const stack = this.stack;
    // cdktf walks the stack's constructs once for each step below; here they are listed once, and again only after
    // a step that can add some (aspects, custom synthesis), when there is such a step to take. Patchline's
    // constructs have neither.
    let nodes = stack.node.findAll();
    if (ASPECTS === undefined || nodes.some((node) => (node as any)[ASPECTS]?.all.length > 0)) {
      invokeAspects(stack);
      nodes = stack.node.findAll();
    }
    // (cdktf counts the resources of this stack alone, not of stacks nested in it.)
    const nested = nodes.some((node) => node !== stack && TerraformStack.isStack(node));
    const moves = nested
      ? stack.hasResourceMove()
      : nodes.some((node) => TerraformResource.isTerraformResource(node) && node.hasResourceMove());
    if (moves) {
      stack.node.addValidation(
        new ValidateTerraformVersion(
          '>=1.5',
          'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.',
        ),
      );
    }
    // TerraformStack.runAllValidations.
    if (!session.skipValidation) {
      const errors = nodes.flatMap((node) => node.node.validate().map((message) => `[${node.node.path}] ${message}`));
      if (errors.length > 0) throw stackValidationFailure(errors.join('\n  '));
    }
    const stackManifest = session.manifest.forStack(stack);
    const workingDirectory = join(session.outdir, stackManifest.workingDirectory);
    // cdktf asks whether it exists first: a system call more per stack, and it never does.
    mkdirSync(workingDirectory, { recursive: true });
    // Custom synthesis on child nodes, leaves first.
    if (nodes.some((node) => (node as any)[CUSTOM_SYNTHESIS] !== undefined)) {
      for (const node of stack.node.findAll(ConstructOrder.POSTORDER))
        (node as any)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
      nodes = stack.node.findAll();
    }
    const annotations: StackAnnotation[] = nodes.flatMap((node) =>
      node.node.metadata
        .filter((m) => ANNOTATION_TYPES.includes(m.type))
        .map((m) => ({
          constructPath: node.node.path,
          level: m.type as AnnotationMetadataEntryType,
          message: m.data,
          stacktrace: m.trace,
        })),
    );
    (stackManifest as { annotations: StackAnnotation[] }).annotations = annotations;
    const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
    if (!this.continueOnErrorAnnotations && errors.length) {
      throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n'));
    }
    const pieces = stableJsonPieces(stack.toTerraform());
    // As cdktf's writeFileSync(path, undefined) would.
    if (!pieces) throw new TypeError(`stack ${stack.node.id} has no Terraform JSON`);
    const fd = openSync(join(session.outdir, stackManifest.synthesizedStackPath), 'w');
    try {
      // writeFileSync on a descriptor writes the whole piece at the current position.
      for (const piece of pieces) writeFileSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    (session as { written?: (name: string, pieces: readonly string[]) => void }).written?.(stackManifest.name, pieces);
  }

  /** Replaces cdktf's synthesizer of `stack` with this one, unless cdktf is to write HCL (as its TerraformStack decides). */
  static install(stack: TerraformStack): void {
    if (process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1') return;
    stack.synthesizer = new JsonStackSynthesizer(
      stack,
      process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined,
    );
  }
}
