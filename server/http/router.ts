import Router from '@koa/router';
import { jsonBody, type BodyParser } from './body.ts';

const isParser = (m: unknown): m is BodyParser => typeof m === 'function' && 'bodyParser' in (m as object);

/**
 * The API's router: every write route parses a JSON body (1 MB) unless it names its own parser
 * (`router.post('/photos', multipartBody({...}), handler)`). The parser runs after the route's
 * param middleware (a hidden customer is 404 before its body is read) and only for that route,
 * so an upload route never meets the JSON parser's 415.
 */
export class ApiRouter extends Router {
  constructor(opts: ConstructorParameters<typeof Router>[0] & { json?: { limitBytes?: number } } = {}) {
    super(opts);
    const parser = jsonBody(opts.json);
    const withParser = (args: unknown[]): unknown[] => (args.slice(1).some(isParser) ? args : [args[0], parser, ...args.slice(1)]);
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const original = this[method].bind(this) as (...a: unknown[]) => this;
      // Same signature as Router's own (typed handlers keep their ctx types).
      this[method] = ((...args: unknown[]) => original(...withParser(args))) as Router[typeof method];
    }
  }
}
