// Writes server/src/engine/k8s-fields.generated.ts: the fields of the Kubernetes types that workload,
// Service, Ingress, NetworkPolicy and RBAC objects use, per Kubernetes minor version, read from the
// OpenAPI-generated packages in node_modules (see CLIENT_NODE). `--check` writes nothing and exits 1 when
// the file is stale; `--stats` prints what was read.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';

const root = join(__dirname, '..');
const modules = join(root, 'node_modules');
export const OUT = join('server', 'src', 'engine', 'k8s-fields.generated.ts');

type Scalar = 'string' | 'integer' | 'number' | 'boolean' | 'time' | 'quantity' | 'int-or-string';
type Ref =
  | { k: 'object'; name: string }
  | { k: 'list'; of: Ref }
  | { k: 'map'; of: Ref }
  | { k: 'scalar'; s: Scalar; values?: readonly string[] }
  | { k: 'free' };

/** One source's types, by the source's own type names, with the type of each root kind. */
interface Graph {
  label: string;
  minor: number;
  types: Map<string, Map<string, Ref>>;
  roots: Map<string, string>;
}

/**
 * The kinds whose objects the table covers: every built-in workload kind and the objects around it
 * (a PersistentVolumeClaim costs nothing: StatefulSet's claim templates have its types already).
 */
const ROOT_KINDS: readonly (readonly [apiVersion: string, kind: string])[] = [
  ['v1', 'Pod'],
  ['v1', 'PodTemplate'],
  ['v1', 'ReplicationController'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Namespace'],
  ['v1', 'PersistentVolumeClaim'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
];

/**
 * `@kubernetes/client-node` is generated from the Kubernetes OpenAPI spec, one release per Kubernetes
 * minor (its models carry the spec version in their header, which is checked). It has no release for
 * 1.23, 1.26, 1.31 or 1.35; `kubernetes-types` 1.26.0 fills 1.26. The registry has nothing for 1.31 and
 * 1.35, so a field first seen in 1.32 (1.36) is taken to exist from 1.31 (1.35) on: the table never
 * calls a field missing in a version it may exist in.
 */
const CLIENT_NODE: readonly (readonly [minor: number, pkg: string, specVersion: string])[] = [
  [24, 'client-node-k8s-1.24', 'release-1.24'],
  [25, 'client-node-k8s-1.25', 'release-1.25'],
  [27, 'client-node-k8s-1.27', 'release-1.27'],
  [28, 'client-node-k8s-1.28', 'release-1.28'],
  [29, 'client-node-k8s-1.29', 'release-1.29'],
  [30, 'client-node-k8s-1.30', 'release-1.30'],
  [32, 'client-node-k8s-1.32', 'v1.32.0'],
  [33, 'client-node-k8s-1.33', 'v1.33.0'],
  [34, 'client-node-k8s-1.34', 'v1.34.0'],
  [36, 'client-node-k8s-1.36', 'release-1.36'],
];

function fail(message: string): never {
  throw new Error(`gen-fields: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// @kubernetes/client-node: `V1Container.attributeTypeMap = [{ name, baseName, type, format }]`.

interface Attribute {
  baseName: string;
  type: string;
  format?: string;
}

function clientNodeRef(type: string, fmt: string | undefined, classes: ReadonlySet<string>): Ref {
  const list = /^Array<(.+)>$/.exec(type);
  if (list?.[1] !== undefined) return { k: 'list', of: clientNodeRef(list[1], fmt, classes) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1] !== undefined) return { k: 'map', of: clientNodeRef(map[1], fmt, classes) };
  switch (type) {
    case 'string':
      return { k: 'scalar', s: 'string' };
    case 'boolean':
      return { k: 'scalar', s: 'boolean' };
    case 'number':
      return { k: 'scalar', s: fmt === 'int32' || fmt === 'int64' ? 'integer' : 'number' };
    case 'Date':
      return { k: 'scalar', s: 'time' };
    case 'IntOrString':
      return { k: 'scalar', s: 'int-or-string' };
    case 'object':
    case 'any':
      return { k: 'free' };
  }
  const special = specialName(type);
  if (special) return special;
  if (classes.has(type)) return { k: 'object', name: type };
  return fail(`unknown client-node type ${type}`);
}

function readClientNode(minor: number, pkg: string, specVersion: string): Graph {
  const gen = join(modules, pkg, 'dist', 'gen');
  if (!existsSync(gen)) fail(`${pkg} is not installed; run npm ci`);
  const dir = ['models', 'model'].map((d) => join(gen, d)).find((d) => existsSync(d));
  if (dir === undefined) fail(`${pkg} has no generated models`);
  const raw = new Map<string, { version: string; attrs: Attribute[] }>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.js')) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const m = /(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(text);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    const version =
      /(?:OpenAPI spec version|The version of the OpenAPI document): (\S+)/.exec(text)?.[1] ?? '';
    raw.set(m[1], { version, attrs: JSON.parse(m[2]) as Attribute[] });
  }
  const classes = new Set(raw.keys());
  const types = new Map<string, Map<string, Ref>>();
  const roots = new Map<string, string>();
  for (const [apiVersion, kind] of ROOT_KINDS) roots.set(`${apiVersion} ${kind}`, `V1${kind}`);
  const queue = [...roots.values()];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (types.has(name)) continue;
    const model = raw.get(name) ?? fail(`${pkg}: no model ${name}`);
    // Files left over from an older generation keep their old header.
    if (model.version !== specVersion) fail(`${pkg}: ${name} is from ${model.version}, not ${specVersion}`);
    const fields = new Map<string, Ref>();
    for (const a of model.attrs) {
      const ref = clientNodeRef(a.type, a.format, classes);
      fields.set(a.baseName, ref);
      if (a.baseName === 'status' && [...roots.values()].includes(name)) continue;
      for (let r: Ref = ref; ; r = r.of) {
        if (r.k === 'object') queue.push(r.name);
        if (r.k !== 'list' && r.k !== 'map') break;
      }
    }
    types.set(name, fields);
  }
  return { label: `${pkg} (${specVersion})`, minor, types, roots };
}

// ---------------------------------------------------------------------------------------------
// TypeScript declarations: kubernetes-types (one module per group/version) and kubernetes-models
// (one file per type, with enum values as unions of string literals).

interface DeclFile {
  path: string;
  source: ts.SourceFile;
  /** Imported name → declaration file it comes from. */
  imports: Map<string, string>;
}

const declCache = new Map<string, DeclFile>();

function declFile(path: string): DeclFile {
  const cached = declCache.get(path);
  if (cached) return cached;
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, false);
  const imports = new Map<string, string>();
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = st.moduleSpecifier.text;
    const base = spec.startsWith('.') ? resolve(dirname(path), spec) : join(modules, spec);
    const target = `${base.replace(/\.js$/, '')}.d.ts`;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) imports.set(el.name.text, target);
    }
  }
  const file = { path, source, imports };
  declCache.set(path, file);
  return file;
}

function findInterface(file: DeclFile, name: string): ts.InterfaceDeclaration | undefined {
  return file.source.statements.find(
    (st): st is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(st) && st.name.text === name,
  );
}

function propName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return fail(`unexpected property name ${name.getText()}`);
}

/** Named declaration types that are scalars or free-form in the API, by their last name segment. */
const DECL_SPECIAL: Readonly<Record<string, Ref>> = {
  Quantity: { k: 'scalar', s: 'quantity' },
  Time: { k: 'scalar', s: 'time' },
  MicroTime: { k: 'scalar', s: 'time' },
  IntOrString: { k: 'scalar', s: 'int-or-string' },
  RawExtension: { k: 'free' },
  FieldsV1: { k: 'free' },
};

function specialName(name: string): Ref | undefined {
  const m = /(Quantity|MicroTime|Time|IntOrString|RawExtension|FieldsV1)$/.exec(name);
  return m?.[1] === undefined ? undefined : DECL_SPECIAL[m[1]];
}

/** Object types written inline (kubernetes-models patches StatefulSet's volumeClaimTemplates so). */
const inlineTypes = new Map<string, { file: DeclFile; members: ts.NodeArray<ts.TypeElement> }>();

/** Resolves a type name used in `file` to `path#Interface`, or a scalar for the special types. */
type Resolve = (file: DeclFile, name: string) => Ref;

function declRef(node: ts.TypeNode, file: DeclFile, res: Resolve): Ref {
  if (ts.isArrayTypeNode(node)) return { k: 'list', of: declRef(node.elementType, file, res) };
  if (ts.isParenthesizedTypeNode(node)) return declRef(node.type, file, res);
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index?.type && node.members.length === 1) return { k: 'map', of: declRef(index.type, file, res) };
    if (node.members.length === 0) return { k: 'free' };
    const id = `${file.path}#inline@${node.pos}`;
    inlineTypes.set(id, { file, members: node.members });
    return { k: 'object', name: id };
  }
  if (ts.isUnionTypeNode(node)) {
    const literals = node.types.filter(ts.isLiteralTypeNode).map((t) => t.literal);
    if (literals.length === node.types.length && literals.every(ts.isStringLiteral)) {
      return { k: 'scalar', s: 'string', values: literals.map((l) => l.text) };
    }
    const kinds = node.types.map((t) => t.kind).sort();
    if (kinds.join() === [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword].sort().join()) {
      return { k: 'scalar', s: 'int-or-string' };
    }
    return fail(`unexpected union in ${file.path}`);
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
    return { k: 'scalar', s: 'string', values: [node.literal.text] };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(file.source);
    const arg = node.typeArguments?.[0];
    if (name === 'Array' && arg) return { k: 'list', of: declRef(arg, file, res) };
    return res(file, name);
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { k: 'scalar', s: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { k: 'scalar', s: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { k: 'scalar', s: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return { k: 'free' };
  }
  return fail(`unexpected type ${ts.SyntaxKind[node.kind]} in ${file.path}`);
}

/** Reads the interfaces reachable from `roots` (`path#Interface`) into a graph. */
function readDecls(label: string, minor: number, roots: Map<string, string>, res: Resolve): Graph {
  const types = new Map<string, Map<string, Ref>>();
  const queue = [...roots.values()];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (types.has(id)) continue;
    const [path = '', name = ''] = id.split('#');
    const inline = inlineTypes.get(id);
    const file = inline?.file ?? declFile(path);
    const members =
      inline?.members ??
      (findInterface(file, name) ?? fail(`${label}: no interface ${name} in ${path}`)).members;
    const fields = new Map<string, Ref>();
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const ref = declRef(m.type, file, res);
      fields.set(propName(m.name), ref);
      for (let r: Ref = ref; ; r = r.of) {
        if (r.k === 'object') queue.push(r.name);
        if (r.k !== 'list' && r.k !== 'map') break;
      }
    }
    types.set(id, fields);
  }
  return { label, minor, types, roots };
}

const TYPES_GROUP: Readonly<Record<string, string>> = {
  v1: 'core/v1',
  'apps/v1': 'apps/v1',
  'batch/v1': 'batch/v1',
  'networking.k8s.io/v1': 'networking/v1',
  'rbac.authorization.k8s.io/v1': 'rbac/v1',
};

function readKubernetesTypes(): Graph {
  const dir = join(modules, 'kubernetes-types');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const minor = Number(/^1\.(\d+)\./.exec(pkg.version)?.[1] ?? fail('kubernetes-types version'));
  const roots = new Map<string, string>();
  for (const [apiVersion, kind] of ROOT_KINDS) {
    roots.set(`${apiVersion} ${kind}`, `${join(dir, TYPES_GROUP[apiVersion] ?? '')}.d.ts#${kind}`);
  }
  const res: Resolve = (file, name) => {
    const special = specialName(name);
    if (special) return special;
    const from = file.imports.get(name) ?? file.path;
    if (!findInterface(declFile(from), name)) return fail(`kubernetes-types: cannot resolve ${name}`);
    return { k: 'object', name: `${from}#${name}` };
  };
  return readDecls(`kubernetes-types ${pkg.version}`, minor, roots, res);
}

const MODELS_GROUP: Readonly<Record<string, string>> = {
  v1: 'v1',
  'apps/v1': 'apps/v1',
  'batch/v1': 'batch/v1',
  'networking.k8s.io/v1': 'networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1': 'rbac.authorization.k8s.io/v1',
};

/** kubernetes-models: one file per type, `interface IPodSpec`, referenced as `IIoK8sApiCoreV1PodSpec`. */
function readKubernetesModels(): Graph {
  const dir = join(modules, 'kubernetes-models');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const roots = new Map<string, string>();
  for (const [apiVersion, kind] of ROOT_KINDS) {
    roots.set(`${apiVersion} ${kind}`, `${join(dir, MODELS_GROUP[apiVersion] ?? '', kind)}.d.ts#I${kind}`);
  }
  const res: Resolve = (file, name) => {
    const special = specialName(name);
    if (special) return special;
    const from = file.imports.get(name) ?? fail(`kubernetes-models: cannot resolve ${name} in ${file.path}`);
    const target = declFile(from);
    const iface = target.source.statements.find(ts.isInterfaceDeclaration);
    if (!iface) return fail(`kubernetes-models: no interface in ${from}`);
    return { k: 'object', name: `${from}#${iface.name.text}` };
  };
  return readDecls(`kubernetes-models ${pkg.version}`, 36, roots, res);
}

// ---------------------------------------------------------------------------------------------
// Merging: every source's types are mapped onto one set of canonical types by walking from the
// root kinds in parallel, so names that differ between generators (`RbacV1Subject` in one client,
// `V1Subject` in another, `rbac/v1.d.ts#Subject`) meet at the same place.

/** `V1PodSpec`, `RbacV1Subject`, `core/v1.d.ts#PodSpec`, `…/PodSpec.d.ts#IPodSpec` → `PodSpec`. */
function baseName(name: string): string {
  const decl = /#I?([A-Z]\w*)$/.exec(name);
  if (decl?.[1] !== undefined && name.includes('kubernetes-models'))
    return decl[1].replace(/^I(?=[A-Z])/, '');
  if (decl?.[1] !== undefined) return decl[1];
  return name.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

interface CanonField {
  ref: Ref;
  /** Minor versions (from the name sources) in which the field exists. */
  minors: Set<number>;
}

interface Canon {
  types: Map<string, Map<string, CanonField>>;
  roots: Map<string, string>;
  problems: string[];
}

function sameShape(a: Ref, b: Ref): boolean {
  if (a.k !== b.k) return false;
  if ((a.k === 'list' || a.k === 'map') && (b.k === 'list' || b.k === 'map')) return sameShape(a.of, b.of);
  return true;
}

/** The element type of lists and maps. */
function leaf(ref: Ref): Ref {
  let r = ref;
  while (r.k === 'list' || r.k === 'map') r = r.of;
  return r;
}

/**
 * Maps `g` onto `canon`. With `names`, the graph's fields count as existing in its minor version;
 * without, it only refines what is there (enum values, Quantity) and reports differences. A source
 * type may map to several canonical ones: before 1.29 a PVC's `resources` shared the container's
 * `ResourceRequirements`, which 1.29 split into `VolumeResourceRequirements`.
 */
function merge(canon: Canon, g: Graph, names: boolean): void {
  const visited = new Set<string>();
  const owner = new Map<string, string>();
  const queue: [canonName: string, localName: string][] = [];
  for (const [key, name] of g.roots) {
    const c = canon.roots.get(key) ?? baseName(name);
    canon.roots.set(key, c);
    queue.push([c, name]);
  }
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const [c, name] = item;
    if (visited.has(`${c} ${name}`)) continue;
    visited.add(`${c} ${name}`);
    const other = owner.get(c);
    if (names && other !== undefined && other !== name)
      canon.problems.push(`${g.label}: ${other} and ${name} are both ${c}`);
    owner.set(c, name);
    const fields = g.types.get(name) ?? fail(`${g.label}: no type ${name}`);
    let target = canon.types.get(c);
    if (!target) {
      if (!names) {
        canon.problems.push(`${g.label}: type ${c} is in no name source`);
        continue;
      }
      target = new Map();
      canon.types.set(c, target);
    }
    for (const [field, ref0] of fields) {
      // The API server ignores an object's status on create, and nobody writes one by hand.
      const ref: Ref = field === 'status' && leaf(ref0).k === 'object' ? { k: 'free' } : ref0;
      let cf = target.get(field);
      if (!cf) {
        if (!names) {
          canon.problems.push(`${g.label}: ${c}.${field} is in no name source`);
          continue;
        }
        cf = { ref: canonRef(ref), minors: new Set() };
        target.set(field, cf);
      }
      if (names) cf.minors.add(g.minor);
      if (!sameShape(cf.ref, ref)) {
        canon.problems.push(`${g.label}: ${c}.${field} is ${show(ref)}, elsewhere ${show(cf.ref)}`);
        continue;
      }
      refine(cf, ref);
      const a = leaf(cf.ref);
      const b = leaf(ref);
      if (a.k === 'object' && b.k === 'object') queue.push([a.name, b.name]);
    }
    if (!names) {
      for (const [field, cf] of target) {
        if (!fields.has(field) && cf.minors.has(g.minor))
          canon.problems.push(`${g.label}: ${c}.${field} is missing`);
      }
    }
  }
}

/** A ref whose object names are canonical: the first source to reach a type names it. */
function canonRef(ref: Ref): Ref {
  switch (ref.k) {
    case 'list':
    case 'map':
      return { k: ref.k, of: canonRef(ref.of) };
    case 'object':
      return { k: 'object', name: baseName(ref.name) };
    case 'scalar':
      return { k: 'scalar', s: ref.s };
    case 'free':
      return ref;
  }
}

/** Takes the more precise scalar (Quantity over string, integer over number) and enum values. */
function refine(cf: CanonField, ref: Ref): void {
  const a = leaf(cf.ref);
  const b = leaf(ref);
  if (a.k !== 'scalar' || b.k !== 'scalar') return;
  if (a.s === 'string' && (b.s === 'quantity' || b.s === 'int-or-string')) a.s = b.s;
  if (a.s === 'number' && b.s === 'integer') a.s = 'integer';
  if (b.values && !a.values) a.values = b.values;
}

function show(ref: Ref): string {
  switch (ref.k) {
    case 'list':
      return `[]${show(ref.of)}`;
    case 'map':
      return `map[${show(ref.of)}]`;
    case 'object':
      return baseName(ref.name);
    case 'scalar':
      return ref.s;
    case 'free':
      return 'free-form';
  }
}

export function buildCanon(): { canon: Canon; minors: number[]; labels: string[] } {
  const canon: Canon = { types: new Map(), roots: new Map(), problems: [] };
  const graphs = [...CLIENT_NODE.map(([m, p, s]) => readClientNode(m, p, s)), readKubernetesTypes()];
  graphs.sort((a, b) => b.minor - a.minor);
  for (const g of graphs) merge(canon, g, true);
  const models = readKubernetesModels();
  merge(canon, models, false);
  if (canon.problems.length > 0) fail(`the sources disagree:\n${canon.problems.join('\n')}`);
  const minors = graphs.map((g) => g.minor).sort((a, b) => a - b);
  return {
    canon,
    minors,
    labels: [...graphs.map((g) => g.label).reverse(), `${models.label} (enum values)`],
  };
}

// ---------------------------------------------------------------------------------------------
// Enum values. The schema declares them (since 1.24 only in descriptions, which kubernetes-models
// turns back into unions); the table keeps those the API server rejects a value outside of, each
// checked in the validation code named here (pkg/apis/<group>/validation/validation.go).

const ENFORCED: Readonly<Record<string, string>> = {
  'AppArmorProfile.type': 'core ValidateAppArmorProfileField',
  'AzureDiskVolumeSource.cachingMode': 'core validateAzureDisk',
  'Container.imagePullPolicy': 'core validatePullPolicy',
  'Container.terminationMessagePolicy': 'core validateContainerCommon',
  'ContainerPort.protocol': 'core validateContainerPorts',
  'CronJobSpec.concurrencyPolicy': 'batch validateConcurrencyPolicy',
  'DaemonSetUpdateStrategy.type': 'apps ValidateDaemonSetUpdateStrategy',
  'DeploymentStrategy.type': 'apps ValidateDeploymentStrategy',
  'EphemeralContainer.imagePullPolicy': 'core validatePullPolicy',
  'EphemeralContainer.terminationMessagePolicy': 'core validateContainerCommon',
  'HTTPGetAction.scheme': 'core validateHTTPGetAction',
  'HTTPIngressPath.pathType': 'networking validateHTTPIngressPath',
  'HostPathVolumeSource.type': 'core validateHostPathType',
  'ImageVolumeSource.pullPolicy': 'core validateImageVolumeSource',
  'JobSpec.completionMode': 'batch validateJobSpec',
  'JobSpec.podReplacementPolicy': 'batch validatePodReplacementPolicy',
  'NetworkPolicyPort.protocol': 'networking ValidateNetworkPolicyPort',
  'NetworkPolicySpec.policyTypes': 'networking ValidateNetworkPolicySpec',
  'NodeSelectorRequirement.operator': 'core ValidateNodeSelectorRequirement',
  'PersistentVolumeClaimSpec.accessModes': 'core ValidatePersistentVolumeClaimSpec',
  'PersistentVolumeClaimSpec.volumeMode': 'core ValidatePersistentVolumeClaimSpec',
  'PodFailurePolicyOnExitCodesRequirement.operator': 'batch supportedPodFailurePolicyOnExitCodesOperator',
  'PodFailurePolicyRule.action': 'batch validatePodFailurePolicyRule',
  'PodSecurityContext.fsGroupChangePolicy': 'core validateFSGroupChangePolicy',
  'PodSecurityContext.supplementalGroupsPolicy': 'core validateSupplementalGroupsPolicy',
  'PodSpec.dnsPolicy': 'core validateDNSPolicy',
  'PodSpec.preemptionPolicy': 'core ValidatePreemptionPolicy',
  'PodSpec.restartPolicy': 'core validateRestartPolicy',
  'SeccompProfile.type': 'core validateSeccompProfileType',
  'SecurityContext.procMount': 'core ValidateProcMountType',
  'ServicePort.protocol': 'core validateServicePort',
  'ServiceSpec.externalTrafficPolicy': 'core validateServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'core validateServiceInternalTrafficFieldsValue',
  'ServiceSpec.ipFamilies': 'core ValidateServiceClusterIPsRelatedFields',
  'ServiceSpec.ipFamilyPolicy': 'core ValidateServiceClusterIPsRelatedFields',
  'ServiceSpec.sessionAffinity': 'core ValidateService',
  'ServiceSpec.type': 'core ValidateService',
  'StatefulSetSpec.podManagementPolicy': 'apps ValidateStatefulSetSpec',
  'StatefulSetUpdateStrategy.type': 'apps ValidateStatefulSetSpec',
  'Toleration.effect': 'core validateTaintEffect',
  'Toleration.operator': 'core ValidateTolerations',
  'TopologySpreadConstraint.nodeAffinityPolicy': 'core validateNodeInclusionPolicy',
  'TopologySpreadConstraint.nodeTaintsPolicy': 'core validateNodeInclusionPolicy',
  'TopologySpreadConstraint.whenUnsatisfiable': 'core ValidateWhenUnsatisfiable',
  'VolumeMount.mountPropagation': 'core validateMountPropagation',
};

/** Schema enums the table leaves out, and why. */
const NOT_ENFORCED: Readonly<Record<string, string>> = {
  'Lifecycle.stopSignal': 'the allowed signals depend on spec.os.name',
};

/** Schema enum values the API server still rejects. */
const REJECTED_VALUES: Readonly<Record<string, readonly string[]>> = {
  // IPFamilyUnknown is in the enum; supportedServiceIPFamily has IPv4 and IPv6 only.
  'ServiceSpec.ipFamilies': [''],
};

// ---------------------------------------------------------------------------------------------
// The generated file. Names (field and type names) are interned; a type is `name:field,field,…`,
// types are separated by `;`, a field is
//   <name: 2 base-36 digits> <`[` list of | `{` map of>* <`#` + 2 base-36 digits: type | scalar letter>
//   [`+` first minor] [`-` last minor] [`=` enum values separated by `|`]
// with the first minor left out when the field is in the oldest data and the last when it is in the
// newest.

const SCALAR_CODE: Readonly<Record<Scalar, string>> = {
  string: 's',
  integer: 'i',
  number: 'n',
  boolean: 'b',
  time: 't',
  quantity: 'q',
  'int-or-string': 'x',
};

function b36(n: number): string {
  if (n >= 36 * 36) fail('more than 1296 names or types');
  return n.toString(36).padStart(2, '0');
}

export function render(): { text: string; stats: string } {
  const { canon, minors, labels } = buildCanon();
  const oldest = minors[0] ?? fail('no versions');
  const newest = minors[minors.length - 1] ?? fail('no versions');
  const typeNames = [...canon.types.keys()].sort();
  const typeIndex = new Map(typeNames.map((t, i) => [t, i]));
  const nameCount = new Map<string, number>();
  const count = (n: string): void => void nameCount.set(n, (nameCount.get(n) ?? 0) + 1);
  typeNames.forEach(count);
  for (const fields of canon.types.values()) for (const f of fields.keys()) count(f);
  const names = [...nameCount.keys()].sort(
    (a, b) => (nameCount.get(b) ?? 0) - (nameCount.get(a) ?? 0) || (a < b ? -1 : 1),
  );
  const nameIndex = new Map(names.map((n, i) => [n, i]));
  const idx = (n: string): string => b36(nameIndex.get(n) ?? fail(`name ${n}`));

  const enums: string[] = [];
  const seenEnums = new Set<string>();
  const encodeRef = (ref: Ref): string => {
    switch (ref.k) {
      case 'list':
        return `[${encodeRef(ref.of)}`;
      case 'map':
        return `{${encodeRef(ref.of)}`;
      case 'object':
        return `#${b36(typeIndex.get(ref.name) ?? fail(`type ${ref.name}`))}`;
      case 'scalar':
        return SCALAR_CODE[ref.s];
      case 'free':
        return 'f';
    }
  };
  const types = typeNames.map((t) => {
    const fields = canon.types.get(t) ?? fail(t);
    const encoded = [...fields]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([f, cf]) => {
        const ms = [...cf.minors].sort((a, b) => a - b);
        const first = ms[0] ?? fail(`${t}.${f} has no version`);
        const last = ms[ms.length - 1] ?? first;
        const gap = minors
          .slice(minors.indexOf(first), minors.indexOf(last) + 1)
          .find((m) => !cf.minors.has(m));
        if (gap !== undefined) fail(`${t}.${f} is missing in ${gap} between ${first} and ${last}`);
        let out = idx(f) + encodeRef(cf.ref);
        if (first !== oldest) out += `+${first}`;
        if (last !== newest) out += `-${last}`;
        const l = leaf(cf.ref);
        const key = `${t}.${f}`;
        if (l.k === 'scalar' && l.values && f !== 'apiVersion' && f !== 'kind') {
          seenEnums.add(key);
          if (ENFORCED[key] !== undefined) {
            const values = l.values.filter((v) => !(REJECTED_VALUES[key] ?? []).includes(v));
            if (values.some((v) => /[|,;=]/.test(v))) fail(`${key}: a value has a separator character`);
            out += `=${values.join('|')}`;
            enums.push(`${key}: ${values.join(' ')}`);
          } else if (NOT_ENFORCED[key] === undefined) {
            fail(
              `${key} has enum values in the schema; check the validation code and list it in ENFORCED or NOT_ENFORCED`,
            );
          }
        }
        return out;
      });
    return `${idx(t)}:${encoded.join(',')}`;
  });
  for (const key of [...Object.keys(ENFORCED), ...Object.keys(NOT_ENFORCED)]) {
    if (!seenEnums.has(key)) fail(`${key} is listed but has no enum values in the schema`);
  }
  const roots = [...canon.roots]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, t]) => `${key} ${b36(typeIndex.get(t) ?? fail(t))}`);

  const text = [
    '// generated by scripts/gen-fields.ts; do not edit',
    `// Sources: ${labels.join(', ')}.`,
    '',
    '/** Kubernetes minor versions the schema data comes from, oldest first (1.31 and 1.35 have no source). */',
    `export const DATA_MINORS: readonly number[] = [${minors.join(', ')}];`,
    '',
    '/** Field and type names, separated by spaces; the tables refer to them by index. */',
    `export const NAMES = '${names.join(' ')}';`,
    '',
    '/** Types: `name:field,field,…` separated by `;` (format in scripts/gen-fields.ts). */',
    `export const TYPES = '${types.join(';')}';`,
    '',
    '/** Root kinds: `apiVersion kind type` separated by `;`. */',
    `export const ROOTS = '${roots.join(';')}';`,
    '',
  ].join('\n');
  let fieldCount = 0;
  for (const fields of canon.types.values()) fieldCount += fields.size;
  const stats = [
    `sources: ${labels.join(', ')}`,
    `minors: ${minors.join(', ')}`,
    `${canon.types.size} types, ${fieldCount} fields, ${names.length} names, ${enums.length} enums`,
    `bytes: ${Buffer.byteLength(text)} (gzip ${gzipSync(text).length})`,
    ...enums.map((e) => `  enum ${e}`),
  ].join('\n');
  return { text, stats };
}

/** The generated file, formatted as Prettier formats the repository. */
export async function generatedFields(): Promise<Map<string, string>> {
  const { text } = render();
  const options = (await resolveConfig(join(root, OUT))) ?? {};
  return new Map([[OUT, await format(text, { ...options, filepath: join(root, OUT) })]]);
}

async function main(): Promise<void> {
  if (process.argv.includes('--stats')) {
    process.stdout.write(`${render().stats}\n`);
    return;
  }
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [rel, text] of await generatedFields()) {
    const p = join(root, rel);
    if ((existsSync(p) ? readFileSync(p, 'utf8') : undefined) === text) continue;
    stale.push(rel);
    if (!check) writeFileSync(p, text);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`Generated field table is stale; run \`npm run gen\`:\n  ${stale.join('\n  ')}\n`);
    process.exit(1);
  }
  process.stdout.write(check ? 'gen-fields: up to date\n' : `gen-fields: wrote ${stale.length} file(s)\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
