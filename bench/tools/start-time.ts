/**
 * How long the production server takes from process start to `/api/health` answering 200,
 * run the way `npm start` runs it (the compiled `.next/curbside/main.js`) and, for comparison,
 * the TypeScript source through tsx (as `npm start` ran it before server/build.mjs), and the
 * compiled file with `--enable-source-maps`. Every run is a restart: one data dir (embedded
 * database, SIM_DRIVERS=0), created by a first start that is printed apart and not counted. The
 * variants alternate, so a slow spell of the machine falls on all. Needs `npm run build` first.
 *
 *   node --import tsx bench/tools/start-time.ts [runs per variant, default 3]
 *
 * A restart costs every waiting client this long, so it is one term of the reconnect storm.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { SERVER_BUNDLE } from '../../server/root';
import { freePort } from '../harness/http-probe';
import { formatTable, num } from '../lib/table';

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
  console.error('runs must be an integer from 1 to 20');
  process.exit(2);
}
if (!existsSync(path.join('.next', 'BUILD_ID')) || !existsSync(SERVER_BUNDLE)) {
  console.error('no production build: run `npm run build` first');
  process.exit(2);
}

const VARIANTS: Record<string, string[]> = {
  'compiled (npm start)': [SERVER_BUNDLE],
  // What `NODE_OPTIONS=--enable-source-maps npm start` costs (server/build.mjs leaves it off).
  'compiled + source maps': ['--enable-source-maps', SERVER_BUNDLE],
  'tsx (source)': ['--import', 'tsx', path.join('server', 'main.ts')],
};

/** Milliseconds from spawn to the first 200 from /api/health; the server is stopped after. */
async function startOnce(args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SIM_DRIVERS: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited with ${code} before answering`))));
  try {
    for (;;) {
      const answered = await Promise.race([
        fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.status === 200, () => false),
        exited,
      ]);
      if (answered) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('no answer from /api/health in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
}

async function main(): Promise<void> {
  const times = new Map<string, number[]>(Object.keys(VARIANTS).map((name) => [name, []]));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'curbside-start-'));
  try {
    const first = await startOnce(VARIANTS['compiled (npm start)']!, dataDir);
    console.log(`first start (compiled, new data dir: creates the embedded database): ${num(first, 0)} ms; not counted below`);
    for (let run = 0; run < runs; run++) {
      for (const [name, args] of Object.entries(VARIANTS)) times.get(name)!.push(await startOnce(args, dataDir));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const base = median(times.get('tsx (source)')!);
  console.log(formatTable([{ header: 'server' }, { header: 'runs (ms, in order)' }, { header: 'median ms' }, { header: '× tsx' }], [...times].map(([name, values]) => [
    name, values.map((value) => num(value, 0)).join(' / '), num(median(values), 0), num(median(values) / base, 2),
  ])));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
