// `npm run migrate` / `npm run migrate:revert`: applies or reverts PPM's schema migrations on DATABASE_URL.
import { createMigrationDataSource } from '@ppm/migrations';

const DEFAULT_URL = 'postgres://postgres:postgres@127.0.0.1:5432/ppm';

function redacted(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

async function main(direction: string | undefined): Promise<void> {
  if (direction !== 'run' && direction !== 'revert') throw new Error('usage: migrate.js run|revert');
  const url = process.env['DATABASE_URL'] ?? DEFAULT_URL;
  const dataSource = createMigrationDataSource(url);
  process.stdout.write(
    `[migrate] ${direction === 'run' ? 'applying pending migrations to' : 'reverting the last migration on'} ${redacted(url)}\n`,
  );
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(
      `cannot connect to ${redacted(url)} (${(error as Error).message}). Start the servers with \`npm run infra:up\` or set DATABASE_URL.`,
    );
  }
  try {
    if (direction === 'run') {
      const applied = await dataSource.runMigrations();
      process.stdout.write(
        applied.length
          ? applied.map((m) => `[migrate] applied ${m.name}\n`).join('')
          : '[migrate] schema is up to date\n',
      );
    } else {
      await dataSource.undoLastMigration();
      process.stdout.write('[migrate] reverted the last migration; `npm run migrate` applies it again\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
