/**
 * A small HTTP client for the benchmark: keep-alive connections, a signed-in cookie, tRPC helpers
 * (superjson wire format), and the load generator — `connections` clients each sending the next
 * request as soon as the previous answer is read (the closed loop autocannon also uses).
 */
import http from 'node:http';
import superjson from 'superjson';
import type { RequestSpec } from './types';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class Http {
  cookie = '';
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  constructor(readonly base: string) {}

  request(method: string, path: string, body?: string | Buffer | NodeJS.ReadableStream, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...(this.cookie ? { cookie: this.cookie } : {}),
            origin: this.base,
            'accept-language': 'zh-CN',
            ...(typeof body === 'string' || Buffer.isBuffer(body) ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body && typeof body !== 'string' && !Buffer.isBuffer(body)) body.pipe(req);
      else req.end(body);
    });
  }

  /** Signs in through next-auth's credentials provider and keeps the session cookie. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request('GET', '/api/auth/csrf');
    const jar = new Map<string, string>();
    const keep = (set: string[] | undefined) => {
      for (const c of set ?? []) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    };
    keep(csrf.headers['set-cookie']);
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const form = new URLSearchParams({ email, password, csrfToken, json: 'true', callbackUrl: this.base }).toString();
    const res = await this.request('POST', '/api/auth/callback/credentials', form, { 'content-type': 'application/x-www-form-urlencoded' });
    keep(res.headers['set-cookie']);
    this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const me = await this.trpcQuery('account.me');
    if (me.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.body.slice(0, 200)} / account.me ${me.status} ${me.body.slice(0, 200)}`);
  }

  async trpcQuery(path: string, input?: unknown): Promise<Response> {
    return this.request('GET', trpcQueryPath(path, input));
  }

  async trpcMutation(path: string, input?: unknown): Promise<Response> {
    const spec = trpcMutationSpec(path, input);
    return this.request('POST', spec.path, spec.body, spec.headers);
  }

  /** The tRPC result's data (throws on an error answer). */
  async trpc<T>(type: 'query' | 'mutation', path: string, input?: unknown): Promise<T> {
    const res = type === 'query' ? await this.trpcQuery(path, input) : await this.trpcMutation(path, input);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.body.slice(0, 400)}`);
    const parsed = JSON.parse(res.body) as { result: { data: { json: unknown; meta?: unknown } } };
    return superjson.deserialize(parsed.result.data as never) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function trpcQueryPath(path: string, input?: unknown): string {
  return input === undefined ? `/api/trpc/${path}` : `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

export function trpcMutationSpec(path: string, input?: unknown): RequestSpec {
  return { method: 'POST', path: `/api/trpc/${path}`, body: JSON.stringify(superjson.serialize(input ?? null)), headers: { 'content-type': 'application/json' } };
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  firstError?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(latencies: number[], errors: number, seconds: number, firstError?: string): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: r(seconds),
    throughput: r(latencies.length / seconds),
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    mean: r(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    max: r(sorted[sorted.length - 1] ?? NaN),
    ...(firstError ? { firstError } : {}),
  };
}

/** `connections` closed-loop clients for `seconds`; each request comes from `next(i)`. */
export async function load(
  clients: { rep: Http; admin: Http },
  next: (i: number) => RequestSpec,
  opts: { connections: number; seconds: number; check: (status: number, body: string) => boolean },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const spec = next(counter++);
      const client = spec.as === 'admin' ? clients.admin : clients.rep;
      const t0 = performance.now();
      try {
        const res = await client.request(spec.method, spec.path, spec.body, spec.headers);
        const ms = performance.now() - t0;
        if (opts.check(res.status, res.body)) latencies.push(ms);
        else {
          errors++;
          firstError ??= `HTTP ${res.status} ${spec.path.slice(0, 80)}: ${res.body.slice(0, 300)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  return summarise(latencies, errors, (performance.now() - started) / 1000, firstError);
}

/** 2xx, and no tRPC error member. */
export function defaultCheck(status: number, body: string): boolean {
  return status >= 200 && status < 300 && !body.startsWith('{"error"');
}
