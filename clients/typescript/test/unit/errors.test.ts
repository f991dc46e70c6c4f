import { describe, expect, it } from 'vitest';
import { MasterflowError } from '../../src/index.js';
import { retryAfter } from '../../src/errors.js';

describe('MasterflowError', () => {
  it('carries the problem\'s status, type, code, detail and field', () => {
    const error = MasterflowError.from(new Response(null, { status: 400 }), {
      type: 'urn:masterflow:problem:bad-request', title: 'Bad Request', status: 400, detail: 'field \'name\' must not be blank',
      instance: '/api/v1/flows', field: 'name',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'MasterflowError', status: 400, code: 'bad-request', field: 'name', instance: '/api/v1/flows' });
    expect(error.message).toBe('400 Bad Request: field \'name\' must not be blank');
  });

  it('is made from an answer that is no problem, such as a proxy\'s page', () => {
    const error = MasterflowError.from(new Response(null, { status: 502, statusText: 'Bad Gateway' }), '<html>upstream down</html>');
    expect(error).toMatchObject({ status: 502, type: 'about:blank', code: '', title: 'Bad Gateway', detail: '<html>upstream down</html>' });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(MasterflowError.from(new Response(null, { status: 503, headers: { 'Retry-After': '5' } }), {}).retryAfterMs).toBe(5000);
    expect(retryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
    expect(retryAfter(null)).toBeUndefined();
    expect(retryAfter('soon')).toBeUndefined();
  });
});
