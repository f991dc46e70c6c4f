import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MasterflowError } from '../../src/index.js';
import { Heartbeats } from '../../src/heartbeats.js';

const LEASE_MS = 60_000;

describe('heartbeats', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('beat at a third of what is left of the lease, each answer extending it', async () => {
    const beats: number[] = [];
    const start = Date.now();
    const heartbeats = new Heartbeats(async () => {
      beats.push(Date.now() - start);
      return new Date(Date.now() + LEASE_MS).toISOString();
    }, () => undefined, () => undefined);
    heartbeats.start(new Date(start + LEASE_MS).toISOString());
    await vi.advanceTimersByTimeAsync(60_000);
    heartbeats.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(beats).toEqual([20_000, 40_000, 60_000]);
  });

  it('stop at a refusal (the lease is lost), and try again soon after a failure', async () => {
    const lost: MasterflowError[] = [];
    const failures: unknown[] = [];
    const answers = [() => Promise.reject(new TypeError('fetch failed')),
      () => Promise.reject(new MasterflowError({ type: 'urn:masterflow:problem:conflict', title: 'Conflict', status: 409,
        detail: 'lease expired', instance: '/x' }))];
    const heartbeats = new Heartbeats(() => answers.shift()!(), (refusal) => lost.push(refusal), (failure) => failures.push(failure));
    heartbeats.start(new Date(Date.now() + LEASE_MS).toISOString());
    await vi.advanceTimersByTimeAsync(20_000);
    expect(failures).toHaveLength(1);
    expect(lost).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lost.map((refusal) => refusal.status)).toEqual([409]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(failures).toHaveLength(2);
  });
});
