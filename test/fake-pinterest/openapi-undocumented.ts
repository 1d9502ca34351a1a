/**
 * Finds object properties the published schema does not describe, and read-only properties sent in
 * a request. JSON Schema lets unknown properties through because Pinterest's schemas never say
 * `additionalProperties: false`; a real server then silently ignores a misspelt field, which is
 * exactly the bug a fake should catch. Works on the original OpenAPI schemas.
 */
import type { Mode } from './openapi-convert.js';

type Schema = Record<string, unknown>;

const SCHEMA_REF = '#/components/schemas/';

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Collected {
  props: Map<string, unknown[]>;
  items: unknown[];
  open: boolean;
}

function collect(schema: unknown, value: unknown, components: Schema, acc: Collected, seen: Set<unknown>): void {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  if (typeof schema.$ref === 'string') {
    if (schema.$ref.startsWith(SCHEMA_REF)) {
      collect(components[schema.$ref.slice(SCHEMA_REF.length)], value, components, acc, seen);
    } else {
      acc.open = true; // a reference we cannot follow: do not guess
    }
  }
  if (isObject(schema.properties)) {
    for (const [key, prop] of Object.entries(schema.properties)) {
      const list = acc.props.get(key) ?? [];
      list.push(prop);
      acc.props.set(key, list);
    }
  }
  if (schema.additionalProperties === true || isObject(schema.additionalProperties)) acc.open = true;
  if (schema.items !== undefined) acc.items.push(schema.items);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const part of list) collect(part, value, components, acc, seen);
  }
  const disc = schema.discriminator;
  if (isObject(disc) && typeof disc.propertyName === 'string' && isObject(disc.mapping) && isObject(value)) {
    const target = disc.mapping[String(value[disc.propertyName])];
    if (typeof target === 'string') collect({ $ref: target }, value, components, acc, seen);
  }
}

function isReadOnly(schemas: unknown[], components: Schema): boolean {
  return schemas.some((s) => {
    if (!isObject(s)) return false;
    if (s.readOnly === true) return true;
    const ref = typeof s.$ref === 'string' && s.$ref.startsWith(SCHEMA_REF) ? components[s.$ref.slice(SCHEMA_REF.length)] : null;
    return isObject(ref) && ref.readOnly === true && ref.type !== 'object';
  });
}

/** Problems as `where.path: message` strings; empty when every property is documented. */
export function undocumentedProperties(value: unknown, schema: unknown, components: Schema, where: string, mode: Mode): string[] {
  const problems: string[] = [];
  const walk = (val: unknown, sch: unknown, at: string): void => {
    if (val === null || typeof val !== 'object') return;
    const acc: Collected = { props: new Map(), items: [], open: false };
    collect(sch, val, components, acc, new Set());
    if (Array.isArray(val)) {
      if (acc.items.length === 0) return;
      val.forEach((item, i) => walk(item, { allOf: acc.items }, `${at}/${i}`));
      return;
    }
    // An object schema that names no property at all is free-form (e.g. `exceptions`, `event_source`).
    if (acc.props.size === 0) return;
    for (const [key, child] of Object.entries(val)) {
      const schemas = acc.props.get(key);
      if (!schemas) {
        if (!acc.open) problems.push(`${where}${at}/${key}: is not a property in Pinterest's published schema`);
        continue;
      }
      if (mode === 'request' && isReadOnly(schemas, components)) {
        problems.push(`${where}${at}/${key}: is read-only and must not be sent`);
      }
      walk(child, { allOf: schemas }, `${at}/${key}`);
    }
  };
  walk(value, schema, '');
  return problems;
}
