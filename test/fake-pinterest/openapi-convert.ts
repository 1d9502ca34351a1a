/**
 * Turns OpenAPI 3.0 schema objects into JSON Schema (draft-07) that ajv validates faithfully:
 * `nullable` becomes a type union, `discriminator` + mapping becomes if/then dispatch, boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numbers, `readOnly` properties stop being required in
 * requests (and `writeOnly` ones in responses), and formats ajv does not know are dropped.
 */
export type Mode = 'request' | 'response';

type Schema = Record<string, unknown>;

export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);

const SCHEMA_REF = '#/components/schemas/';
/** Suffix of the copy of a discriminating base schema that its own subtypes extend (avoids a loop). */
export const NO_DISCRIMINATOR_SUFFIX = '__without_discriminator';

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refName(ref: unknown): string | null {
  return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : null;
}

interface Context {
  mode: Mode;
  /** Component being converted, and the bases whose discriminator maps to it. */
  basesOfCurrent: Set<string>;
}

function convertList(list: unknown, ctx: Context, inAllOf: boolean): unknown {
  return Array.isArray(list) ? list.map((item) => convertNode(item, ctx, inAllOf)) : list;
}

function discriminatorBranches(node: Schema): Schema[] {
  const disc = node.discriminator;
  if (!isSchema(disc) || typeof disc.propertyName !== 'string') return [];
  const property = disc.propertyName;
  const mapping: Record<string, string> = {};
  if (isSchema(disc.mapping)) {
    for (const [value, ref] of Object.entries(disc.mapping)) if (typeof ref === 'string') mapping[value] = ref;
  } else {
    // Without a mapping, OpenAPI says the value is the schema's component name.
    for (const alt of [...((node.oneOf as unknown[]) ?? []), ...((node.anyOf as unknown[]) ?? [])]) {
      const name = isSchema(alt) ? refName(alt.$ref) : null;
      if (name) mapping[name] = SCHEMA_REF + name;
    }
  }
  const branches: Schema[] = Object.entries(mapping).map(([value, ref]) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    then: { $ref: ref },
  }));
  if (node.oneOf || node.anyOf) {
    // oneOf/anyOf meant "one of the mapped subtypes": the value must name one of them.
    branches.push({ properties: { [property]: { enum: Object.keys(mapping) } }, required: [property] });
  }
  return branches;
}

function convertNode(input: unknown, ctx: Context, inAllOf = false): unknown {
  if (!isSchema(input)) return input;
  const node: Schema = { ...input };

  if (typeof node.$ref === 'string') {
    const name = refName(node.$ref);
    if (inAllOf && name && ctx.basesOfCurrent.has(name)) {
      node.$ref = SCHEMA_REF + name + NO_DISCRIMINATOR_SUFFIX;
    }
  }

  if (isSchema(node.properties)) {
    const props: Schema = {};
    for (const [key, value] of Object.entries(node.properties)) props[key] = convertNode(value, ctx);
    node.properties = props;
    if (Array.isArray(node.required)) {
      const hidden = ctx.mode === 'request' ? 'readOnly' : 'writeOnly';
      node.required = node.required.filter((key) => {
        const prop = (input.properties as Schema)[key as string];
        return !(isSchema(prop) && prop[hidden] === true);
      });
    }
  }
  if (node.items !== undefined) node.items = Array.isArray(node.items) ? convertList(node.items, ctx, false) : convertNode(node.items, ctx);
  if (isSchema(node.additionalProperties)) node.additionalProperties = convertNode(node.additionalProperties, ctx);
  if (node.not !== undefined) node.not = convertNode(node.not, ctx);
  node.allOf = convertList(node.allOf, ctx, true);
  node.anyOf = convertList(node.anyOf, ctx, false);
  node.oneOf = convertList(node.oneOf, ctx, false);

  const branches = discriminatorBranches(node);
  if (branches.length > 0) {
    delete node.oneOf;
    delete node.anyOf;
    node.allOf = [...((node.allOf as unknown[] | undefined) ?? []), ...branches];
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (node[key] === undefined) delete node[key];
  delete node.discriminator;
  delete node.example;

  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[exclusive] === 'boolean') {
      if (node[exclusive] === true && typeof node[bound] === 'number') {
        node[exclusive] = node[bound];
        delete node[bound];
      } else {
        delete node[exclusive];
      }
    }
  }

  if (typeof node.format === 'string' && !KNOWN_FORMATS.has(node.format)) delete node.format;

  if (node.nullable === true) {
    delete node.nullable;
    const composed = node.$ref !== undefined || node.allOf !== undefined || node.anyOf !== undefined || node.oneOf !== undefined;
    if (composed) return { anyOf: [node, { type: 'null' }] };
    if (typeof node.type === 'string') node.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    return node;
  }
  delete node.nullable;
  return node;
}

/** Names reachable from `roots` through `#/components/schemas/` references. */
export function reachableSchemas(components: Schema, roots: unknown[]): Set<string> {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isSchema(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const name = key === '$ref' ? refName(child) : null;
      if (name) {
        if (!seen.has(name)) {
          seen.add(name);
          visit(components[name]);
        }
      } else if (key === 'mapping' && isSchema(child)) {
        visit(Object.values(child).map((ref) => ({ $ref: ref })));
      } else {
        visit(child);
      }
    }
  };
  visit(roots);
  return seen;
}

/** Convert the named component schemas (and the discriminator-free copies subtypes need). */
export function convertComponents(components: Schema, names: Iterable<string>, mode: Mode): Schema {
  const wanted = [...names];
  const basesOf = new Map<string, Set<string>>();
  for (const name of wanted) {
    const schema = components[name];
    const disc = isSchema(schema) ? schema.discriminator : undefined;
    if (!isSchema(disc) || !isSchema(disc.mapping)) continue;
    for (const ref of Object.values(disc.mapping)) {
      const target = refName(ref);
      if (!target) continue;
      const set = basesOf.get(target) ?? new Set<string>();
      set.add(name);
      basesOf.set(target, set);
    }
  }
  const out: Schema = {};
  const basesNeeded = new Set<string>();
  for (const name of wanted) {
    const basesOfCurrent = basesOf.get(name) ?? new Set<string>();
    basesOfCurrent.forEach((base) => basesNeeded.add(base));
    out[name] = convertNode(components[name], { mode, basesOfCurrent });
  }
  for (const base of basesNeeded) {
    const original = components[base];
    if (!isSchema(original)) continue;
    const copy: Schema = { ...original };
    delete copy.discriminator;
    out[base + NO_DISCRIMINATOR_SUFFIX] = convertNode(copy, { mode, basesOfCurrent: new Set() });
  }
  return out;
}
