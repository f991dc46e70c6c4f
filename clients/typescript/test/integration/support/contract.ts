import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

const DOCUMENT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../openapi.json');

interface Route {
  template: string;
  pattern: RegExp;
  operations: Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>;
}

/**
 * A fetch that holds every JSON answer of the server to the API description the client is generated from: an answer
 * whose status the operation does not describe, or whose body does not match the described schema, fails the call
 * that got it. The types the client hands out are then the types of what the server really sends.
 */
export function contractFetch(fetch: (request: Request) => Promise<Response> = (request) => globalThis.fetch(request)) {
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as { paths: Record<string, Route['operations']> };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  formats.default(ajv);
  ['int32', 'int64', 'double', 'float'].forEach((format) => ajv.addFormat(format, true));
  ajv.addSchema(document, 'openapi');
  const routes: Route[] = Object.entries(document.paths)
    .map(([template, operations]) => ({
      template,
      operations,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    // a literal segment wins over a parameter, as in the server's routing
    .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  const validators = new Map<string, ValidateFunction>();

  return async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const mediaType = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim();
    if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
      return response;
    }
    const path = new URL(request.url).pathname;
    const method = request.method.toLowerCase();
    const route = routes.find((candidate) => candidate.pattern.test(path) && candidate.operations[method]);
    const where = `${request.method} ${route?.template ?? path} answered ${response.status} ${mediaType}`;
    const described = route?.operations[method]?.responses?.[String(response.status)];
    if (route === undefined || described?.content?.[mediaType] === undefined) {
      throw new Error(`${where}, which the API description does not describe`);
    }
    const pointer = ['paths', route.template, method, 'responses', String(response.status), 'content', mediaType, 'schema']
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const validate = validators.get(pointer) ?? ajv.compile({ $ref: `openapi#/${pointer}` });
    validators.set(pointer, validate);
    const body: unknown = await response.clone().json();
    if (!validate(body)) {
      throw new Error(`${where} that does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
    }
    return response;
  };
}
