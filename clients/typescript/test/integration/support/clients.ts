import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { type ClientOptions, FlowService } from '../../../src/index.js';
import { contractFetch } from './contract.js';
import { type Role, Tokens } from './quickstart.js';

export const quickstart = inject('quickstart');
export const tokens = new Tokens(quickstart.dataDir);

/** An engagement of its own for a test: what it sees is only what it made. */
export function newEngagement(): string {
  return randomUUID();
}

/** Client options for the shared quickstart with a token of these roles, every answer checked against the description. */
export async function connection(roles: Role[], engagement: string, user?: string): Promise<ClientOptions> {
  return { baseUrl: quickstart.baseUrl, token: await tokens.get(roles, engagement, user), fetch: contractFetch() };
}

export async function flowService(roles: Role[], engagement: string, user?: string): Promise<FlowService> {
  return new FlowService(await connection(roles, engagement, user));
}

/** Waits until `condition` holds, checking every 100 ms. */
export async function eventually<T>(condition: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) {
        return value as NonNullable<T>;
      }
    } catch (failure) {
      last = failure;
    }
    if (Date.now() > deadline) {
      throw new Error(`not so after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
