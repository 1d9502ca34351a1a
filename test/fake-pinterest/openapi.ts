/**
 * Validates requests to and responses from the Pinterest operations Pinlist uses against Pinterest's
 * own OpenAPI description (read at run time, never copied into the repo).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { convertComponents, reachableSchemas, type Mode } from './openapi-convert.js';
import { undocumentedProperties } from './openapi-undocumented.js';
import { apiPath, matchTemplate, OPERATION_IDS, type OperationId } from './operations.js';

type Schema = Record<string, unknown>;
type Headers = Record<string, string | string[] | undefined>;

export interface RequestToValidate {
  method: string;
  /** Full path (`/v5/...`) or the path below `/v5`. */
  path: string;
  query?: URLSearchParams | Record<string, string | string[] | undefined>;
  headers?: Headers;
  /** Parsed JSON, or for form-encoded bodies a string or a record of strings. */
  body?: unknown;
}

export interface SpecOperation {
  id: OperationId;
  method: string;
  template: string;
  operation: Schema;
  parameters: Schema[];
}

const SPEC_ID = 'pinterest.json';
const SCHEMA_REF = '#/components/schemas/';
/** Documented in the operation's description rather than its schema (apps made before 2025-09-25). */
const EXTRA_DOCUMENTED_FIELDS: Partial<Record<OperationId, Record<string, unknown>>> = {
  'oauth/token': { continuous_refresh: { type: 'string', enum: ['true', 'false'] } },
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `$PINTEREST_OPENAPI`, else `<repo>/../shared/pinterest-openapi/openapi.json`. */
export function resolveSpecPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PINTEREST_OPENAPI || path.resolve(repoRoot, '..', 'shared', 'pinterest-openapi', 'openapi.json');
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(spec: Schema, value: unknown): Schema {
  let current = value;
  for (let depth = 0; isObject(current) && typeof current.$ref === 'string' && depth < 20; depth++) {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce<unknown>((node, key) => (isObject(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), spec);
  }
  if (!isObject(current)) throw new Error(`Unresolvable reference ${JSON.stringify(value)}`);
  return current;
}

function formatErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const out: string[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue; // the failing "then" branch is reported on its own
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'enum') message += ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')})`;
    if (error.keyword === 'const') message += ` (${String((error.params as { allowedValue: unknown }).allowedValue)})`;
    const line = `${where}${error.instancePath}: ${message}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

function header(headers: Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = found?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function queryRecord(query: RequestToValidate['query']): { values: Record<string, string>; repeated: string[] } {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  const add = (key: string, value: string): void => {
    if (key in values) repeated.push(key);
    else values[key] = value;
  };
  if (query instanceof URLSearchParams) query.forEach((value, key) => add(key, value));
  else if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (Array.isArray(value)) value.forEach((v) => add(key, v));
      else if (value !== undefined) add(key, value);
    }
  }
  return { values, repeated };
}

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

export class OpenApiValidator {
  readonly version: string;
  private readonly operations = new Map<OperationId, SpecOperation>();
  private readonly components: Schema;
  private readonly bodies: Ajv;
  private readonly params: Ajv;
  private readonly responses: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly spec: Schema,
    readonly sourcePath: string,
  ) {
    this.version = String((spec.info as Schema | undefined)?.version ?? 'unknown');
    this.components = ((spec.components as Schema | undefined)?.schemas as Schema | undefined) ?? {};
    for (const [template, item] of Object.entries((spec.paths as Schema | undefined) ?? {})) {
      if (!isObject(item)) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!isObject(op) || typeof op.operationId !== 'string') continue;
        const id = op.operationId as OperationId;
        if (!OPERATION_IDS.includes(id)) continue;
        const parameters = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) =>
          resolveRef(spec, p),
        );
        this.operations.set(id, { id, method: method.toUpperCase(), template, operation: op, parameters });
      }
    }
    const missing = OPERATION_IDS.filter((id) => !this.operations.has(id));
    if (missing.length > 0) throw new Error(`The OpenAPI file lacks operations: ${missing.join(', ')}`);

    const extra = this.operationSchemas();
    const all = { ...this.components, ...extra };
    const names = new Set([...reachableSchemas(all, Object.values(extra)), ...Object.keys(extra)]);
    const addSpec = (ajv: Ajv, mode: Mode): Ajv => {
      ajv.addSchema({ $id: SPEC_ID, components: { schemas: convertComponents(all, names, mode) } });
      return ajv;
    };
    this.bodies = addSpec(newAjv(false), 'request');
    this.params = addSpec(newAjv(true), 'request');
    this.responses = addSpec(newAjv(false), 'response');
  }

  /** The spec's own record of an operation (method, path template, parameters). */
  operation(id: OperationId): SpecOperation {
    const op = this.operations.get(id);
    if (!op) throw new Error(`Unknown operation ${id}`);
    return op;
  }

  /** Every schema this validator compiles, named so that `#/components/schemas/...` refs resolve. */
  private operationSchemas(): Schema {
    const out: Schema = {};
    for (const op of this.operations.values()) {
      const key = op.id.replace(/\W/g, '_');
      for (const where of ['path', 'query'] as const) {
        const params = op.parameters.filter((p) => p.in === where);
        const properties: Schema = Object.fromEntries(params.map((p) => [String(p.name), p.schema ?? {}]));
        out[`op.${key}.${where}`] = {
          type: 'object',
          properties,
          required: params.filter((p) => p.required === true).map((p) => String(p.name)),
        };
      }
      const body = this.bodyContent(op);
      if (body) {
        const extraFields = EXTRA_DOCUMENTED_FIELDS[op.id];
        out[`op.${key}.body`] = extraFields ? { allOf: [body.schema, { properties: extraFields }] } : body.schema;
      }
      for (const [status, response] of Object.entries((op.operation.responses as Schema | undefined) ?? {})) {
        const content = resolveRef(this.spec, response).content;
        const json = isObject(content) ? content['application/json'] : undefined;
        if (isObject(json) && json.schema) out[`op.${key}.response.${status}`] = json.schema;
      }
    }
    return out;
  }

  private bodyContent(op: SpecOperation): { type: string; schema: unknown; required: boolean } | null {
    if (!op.operation.requestBody) return null;
    const body = resolveRef(this.spec, op.operation.requestBody);
    const content = isObject(body.content) ? body.content : {};
    const [type, media] = Object.entries(content)[0] ?? [];
    if (!type || !isObject(media)) return null;
    return { type, schema: media.schema ?? {}, required: body.required === true };
  }

  private validator(ajv: Ajv, name: string): ValidateFunction {
    const cacheKey = `${ajv === this.bodies ? 'b' : ajv === this.params ? 'p' : 'r'}:${name}`;
    let fn = this.compiled.get(cacheKey);
    if (!fn) {
      fn = ajv.getSchema(`${SPEC_ID}${SCHEMA_REF}${name}`);
      if (!fn) throw new Error(`No compiled schema ${name}`);
      this.compiled.set(cacheKey, fn);
    }
    return fn;
  }

  validateRequest(id: OperationId, request: RequestToValidate): string[] {
    const op = this.operation(id);
    const key = id.replace(/\W/g, '_');
    const problems: string[] = [];
    if (request.method.toUpperCase() !== op.method) problems.push(`method: ${id} is ${op.method}, not ${request.method}`);

    const pathParams = matchTemplate(op.template, apiPath(request.path.split('?')[0] ?? ''));
    if (!pathParams) problems.push(`path: ${request.path} does not fit ${op.template}`);
    else {
      const check = this.validator(this.params, `op.${key}.path`);
      if (!check(pathParams)) problems.push(...formatErrors(check.errors, 'path'));
    }

    const { values: query, repeated } = queryRecord(request.query);
    for (const name of repeated) problems.push(`query/${name}: is given more than once`);
    const known = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => String(p.name)));
    for (const name of Object.keys(query)) {
      if (!known.has(name)) problems.push(`query/${name}: is not a parameter of ${id}`);
    }
    const checkQuery = this.validator(this.params, `op.${key}.query`);
    if (!checkQuery({ ...query })) problems.push(...formatErrors(checkQuery.errors, 'query'));

    problems.push(...this.securityProblems(op, request.headers));
    problems.push(...this.bodyProblems(op, key, request));
    return problems;
  }

  private securityProblems(op: SpecOperation, headers: Headers | undefined): string[] {
    const security = (op.operation.security as Schema[] | undefined) ?? [];
    const schemes = security.flatMap((s) => Object.keys(s));
    if (schemes.length === 0) return [];
    const authorization = header(headers, 'authorization') ?? '';
    const wantsBasic = schemes.includes('basic');
    const wantsBearer = schemes.some((s) => s !== 'basic');
    if (wantsBasic && /^Basic \S+$/i.test(authorization)) return [];
    if (wantsBearer && /^Bearer \S+$/i.test(authorization)) return [];
    return [`headers/authorization: ${op.id} needs ${wantsBasic ? 'HTTP Basic app_id:app_secret' : 'a Bearer access token'}`];
  }

  private bodyProblems(op: SpecOperation, key: string, request: RequestToValidate): string[] {
    const content = this.bodyContent(op);
    const hasBody = request.body !== undefined && request.body !== null && request.body !== '';
    if (!content) return hasBody ? [`body: ${op.id} takes no request body`] : [];
    if (!hasBody) return content.required ? [`body: ${op.id} needs a ${content.type} body`] : [];
    const problems: string[] = [];
    const contentType = (header(request.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (request.headers && contentType !== content.type) {
      problems.push(`headers/content-type: must be ${content.type}, not ${contentType || 'absent'}`);
    }
    let body = request.body;
    if (content.type === 'application/x-www-form-urlencoded' && typeof body === 'string') {
      body = Object.fromEntries(new URLSearchParams(body));
    } else if (typeof body === 'string') {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        return [...problems, 'body: is not valid JSON'];
      }
    }
    const check = this.validator(this.bodies, `op.${key}.body`);
    if (!check(body)) problems.push(...formatErrors(check.errors, 'body'));
    const extraFields = EXTRA_DOCUMENTED_FIELDS[op.id];
    const documented = extraFields ? { allOf: [content.schema, { properties: extraFields }] } : content.schema;
    problems.push(...undocumentedProperties(body, documented, this.components, 'body', 'request'));
    return problems;
  }

  validateResponse(id: OperationId, status: number, body: unknown): string[] {
    const op = this.operation(id);
    const key = id.replace(/\W/g, '_');
    const responses = (op.operation.responses as Schema | undefined) ?? {};
    const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!statusKey) return [`status: ${status} is not a documented response of ${id}`];
    const name = `op.${key}.response.${statusKey}`;
    const documented = this.operationSchemaFor(op, statusKey);
    if (documented === undefined) {
      return body === undefined || body === '' ? [] : [`body: the ${statusKey} response of ${id} has no documented body`];
    }
    const check = this.validator(this.responses, name);
    const problems = check(body) ? [] : formatErrors(check.errors, 'response');
    problems.push(...undocumentedProperties(body, documented, this.components, 'response', 'response'));
    return problems;
  }

  private operationSchemaFor(op: SpecOperation, statusKey: string): unknown {
    const response = resolveRef(this.spec, (op.operation.responses as Schema)[statusKey]);
    const content = isObject(response.content) ? response.content['application/json'] : undefined;
    return isObject(content) ? content.schema : undefined;
  }
}

export interface SpecLoad {
  validator: OpenApiValidator | null;
  /** Why there is no validator (file absent or unreadable), else null. */
  reason: string | null;
  path: string;
}

const loaded = new Map<string, SpecLoad>();

/** Load and cache the spec; never throws. */
export function loadOpenApi(specPath: string = resolveSpecPath()): SpecLoad {
  const cached = loaded.get(specPath);
  if (cached) return cached;
  let result: SpecLoad;
  if (!fs.existsSync(specPath)) {
    result = { validator: null, reason: `Pinterest's OpenAPI file is not at ${specPath} (set PINTEREST_OPENAPI)`, path: specPath };
  } else {
    try {
      const spec = JSON.parse(fs.readFileSync(specPath, 'utf8')) as Schema;
      result = { validator: new OpenApiValidator(spec, specPath), reason: null, path: specPath };
    } catch (error) {
      result = { validator: null, reason: `Cannot use ${specPath}: ${(error as Error).message}`, path: specPath };
    }
  }
  loaded.set(specPath, result);
  return result;
}

function defaultValidator(): OpenApiValidator {
  const { validator, reason } = loadOpenApi();
  if (!validator) throw new Error(reason ?? 'No OpenAPI validator');
  return validator;
}

/** Problems with a request to `op` (empty = valid). Throws if the spec file is absent. */
export function validateRequest(op: OperationId, request: RequestToValidate): string[] {
  return defaultValidator().validateRequest(op, request);
}

/** Problems with a response from `op` (empty = valid). Throws if the spec file is absent. */
export function validateResponse(op: OperationId, status: number, body: unknown): string[] {
  return defaultValidator().validateResponse(op, status, body);
}
