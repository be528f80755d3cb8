/** The built app served by `vite preview` on a port of its own, for the browser benchmarks. */
import { execFileSync, spawn } from 'node:child_process';

export interface Preview {
  readonly base: string;
  stop(): void;
}

export async function startPreview(port: number, build: boolean): Promise<Preview> {
  if (build) execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${String(port)}`;
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    if (server.pid !== undefined) process.kill(-server.pid);
  };
  for (let tries = 0; ; tries++) {
    const up = await fetch(base).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, stop };
    if (tries > 100) {
      stop();
      throw new Error(`vite preview did not start on ${base}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
