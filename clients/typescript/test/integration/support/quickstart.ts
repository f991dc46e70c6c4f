import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The jar the Maven build makes; MASTERFLOW_JAR names another. */
export const JAR = process.env.MASTERFLOW_JAR
  ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../standalone/target/masterflow.jar');

export const ACCOUNT = '11111111-1111-1111-1111-111111111111';

export type Role = 'flow-operator' | 'flow-viewer' | 'auditor' | 'worker' | 'admin';

/** Where a started quickstart is, for the tests (what globalSetup provides them). */
export interface QuickstartInfo {
  baseUrl: string;
  dataDir: string;
}

/**
 * The quickstart jar as an operator runs it (`java -jar masterflow.jar`), on a free port and a data folder of its
 * own, with its output in the data folder's `server.log`.
 */
export class Quickstart {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number, readonly dataDir: string, private readonly args: string[]) {
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  get info(): QuickstartInfo {
    return { baseUrl: this.baseUrl, dataDir: this.dataDir };
  }

  static async start(args: string[] = []): Promise<Quickstart> {
    if (!existsSync(JAR)) {
      throw new Error(`no quickstart jar at ${JAR}: build it first (./mvnw -B -DskipTests package at the repository's root)`);
    }
    const server = new Quickstart(await freePort(), await mkdtemp(join(tmpdir(), 'masterflow-sdk-')), args);
    await server.launch();
    return server;
  }

  /** Stops the server (as Ctrl-C does: requests in progress finish) and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async stop(): Promise<void> {
    const process = this.process;
    this.process = undefined;
    if (process === undefined || process.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => process.once('exit', done));
    process.kill('SIGTERM');
    const killer = setTimeout(() => process.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(killer);
  }

  private async launch(): Promise<void> {
    const log = createWriteStream(join(this.dataDir, 'server.log'), { flags: 'a' });
    // a free management port too: with a fixed API port the jar takes 9080 for it, which the shared server of the
    // other files (or a quickstart the developer runs) already holds
    const process = spawn('java', ['-jar', JAR, `--server.port=${this.port}`, '--management.server.port=0',
      `--masterflow.data-dir=${this.dataDir}`, ...this.args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    process.stdout.pipe(log);
    process.stderr.pipe(log);
    this.process = process;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (process.exitCode !== null) {
        break;
      }
      // healthy, and this process's: another program may have taken the port between the probe and the start
      if (await healthy(this.baseUrl) && (await this.log()).includes(`Tomcat started on port ${this.port} `)) {
        return;
      }
      await new Promise((done) => setTimeout(done, 500));
    }
    await this.stop();
    throw new Error(`the quickstart did not start on port ${this.port}:\n${(await this.log()).slice(-4000)}`);
  }

  private log(): Promise<string> {
    return readFile(join(this.dataDir, 'server.log'), 'utf8').catch(() => '');
  }
}

/** Tokens of a server's signing secret (in its data folder), made by the jar's token command; each made once. */
export class Tokens {
  private readonly made = new Map<string, Promise<string>>();

  constructor(private readonly dataDir: string) {
  }

  get(roles: Role[], engagement: string, user = 'sdk-test'): Promise<string> {
    const key = `${engagement}|${user}|${[...roles].sort().join(',')}`;
    let token = this.made.get(key);
    if (token === undefined) {
      const args = ['-jar', JAR, 'token', '--data-dir', this.dataDir, '--account', ACCOUNT, '--engagement', engagement,
        '--user', user, ...roles.flatMap((role) => ['--role', role])];
      token = run('java', args).then(({ stdout }) => stdout.trim());
      this.made.set(key, token);
    }
    return token;
  }
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/actuator/health`)).ok;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
