// Reconciliation of a million settlement lines, the bench's one scenario outside NATS and HTTP.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALIAS_HOOK, DIST_BENCH, say, servers } from './bench-settings';

/**
 * The optional scenario: bench/reconciliation-million.ts, when built, in a process of its own. Resolves with the JSON
 * line it prints last (or what went wrong), or null when it is not built.
 */
export function reconciliation(): unknown {
  const script = join(DIST_BENCH, 'reconciliation-million.js');
  if (!existsSync(script)) return null;
  say('reconciliation of a million settlement lines (optional scenario)');
  return new Promise((resolve) => {
    const child = fork(script, [], {
      execArgv: ALIAS_HOOK,
      env: { ...process.env, DATABASE_URL: servers.databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('exit', (code) => {
      clearTimeout(limit);
      const line = output
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      try {
        resolve(line ? (JSON.parse(line) as unknown) : { failed: `exit ${code}`, output: output.slice(-500) });
      } catch {
        resolve({ failed: `exit ${code}`, output: output.slice(-500) });
      }
    });
  });
}
