// Reads docker-compose.yml as `docker compose --env-file <file> config` would, for tests that check what each service
// is given without a Docker engine: YAML merge keys resolved, `${VAR}` interpolated from the env file's variables.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A service of the compose file, with the parts the tests read. */
export interface ComposeService {
  readonly environment: Readonly<Record<string, string>>;
  readonly build?: { args?: Record<string, string> };
  readonly depends_on?: Record<string, { condition: string }> | string[];
  readonly profiles?: string[];
}

/** `KEY=VALUE` lines of an env file (comments and blank lines skipped), as `docker compose --env-file` reads them. */
export function readEnvFile(path: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) variables[match[1]] = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return variables;
}

/** The compose file's services, interpolated with `variables` (a `${VAR:?message}` without a value throws). */
export function readComposeServices(path: string, variables: Record<string, string>): Record<string, ComposeService> {
  const document = parse(readFileSync(path, 'utf8'), { merge: true }) as { services: Record<string, RawService> };
  const services = interpolate(document.services, variables) as Record<string, RawService>;
  return Object.fromEntries(
    Object.entries(services).map(([name, service]) => [name, { ...service, environment: environmentOf(service) }]),
  );
}

interface RawService extends Omit<ComposeService, 'environment'> {
  environment?: Record<string, unknown> | string[];
}

// Compose's interpolation: $$ is a literal $, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR:+alt}.
const VARIABLE = /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?)([-?+])([^}]*))?\}|([A-Za-z_]\w*))/g;

function interpolate(node: unknown, variables: Record<string, string>): unknown {
  if (typeof node === 'string') {
    return node.replace(
      VARIABLE,
      (_, dollar?: string, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
        if (dollar) return '$';
        const name = braced ?? bare ?? '';
        const value: string | undefined = variables[name];
        const present = colon ? Boolean(value) : value !== undefined;
        if (op === '-') return present ? (value ?? '') : (arg ?? '');
        if (op === '+') return present ? (arg ?? '') : '';
        if (op === '?' && !present) throw new Error(`${name}: ${arg || 'required'}`);
        return value ?? '';
      },
    );
  }
  if (Array.isArray(node)) return node.map((item) => interpolate(item, variables));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolate(value, variables)]));
  }
  return node;
}

// `environment` as a map or as `KEY=VALUE` items; a key without a value is the host's, which these tests never have.
function environmentOf(service: RawService): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.filter((item) => item.includes('=')).map((item) => item.split(/=(.*)/s).slice(0, 2))
    : Object.entries(service.environment ?? {});
  return Object.fromEntries(
    entries.filter(([, value]) => value !== null && value !== undefined).map(([key, value]) => [key, String(value)]),
  );
}
