import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** A file of the console's build, as the gateway answers it. */
export interface ConsoleFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names never change content: browsers may keep them; index.html must be asked for again. */
  immutable: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The console's built files, read once at boot: only these names are ever answered, so no request path reaches the
 * file system. Empty when the console was not built (the gateway then says how to build it).
 */
export function readConsoleFiles(directory: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!existsSync(directory)) return files;
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else {
        const contentType = CONTENT_TYPES[extname(entry.name)];
        if (contentType === undefined) continue;
        const name = relative(directory, path).split(sep).join('/');
        files.set(name, { body: readFileSync(path), contentType, immutable: name.startsWith('assets/') });
      }
    }
  };
  visit(directory);
  return files;
}
