import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigurationError } from './configuration-error';
import { isPublicHost } from '../network/public-host';
import {
  alternativeOf,
  hasPublicDefault,
  holdsDevelopmentValue,
  requiredInProductionKeys,
} from './required-in-production';

type ConfigClass<T> = new () => T;

/**
 * Builds an app's configuration from environment variables: defaults from the class, values converted to the
 * declared types, validated with class-validator. Any problem throws a ConfigurationError naming the variables
 * (never their values, which may be secrets). NODE_ENV must be set: a forgotten one must not quietly make a
 * production service run with development defaults.
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const config = plainToInstance(configClass, defined, { enableImplicitConversion: true });
  const problems = validateSync(config, { whitelist: false }).flatMap(describe);
  if (!env['NODE_ENV']) problems.unshift('NODE_ENV must be set: development, test or production');
  if (env['NODE_ENV'] === 'production') problems.push(...productionProblems(new configClass(), env));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze(config);
}

/**
 * In production, variables marked `@RequiredInProduction()` must be set explicitly, to something other than the
 * local default (a development key or secret, a 127.0.0.1 URL) or a value holding it, and an HTTP URL among them
 * must be https to a public host. Only HTTP URLs are held to public hosts: they are what gateways and browsers
 * reach, while a database or broker on a private address (or a local sidecar) is an ordinary deployment.
 */
function productionProblems(defaults: object, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const key of requiredInProductionKeys(defaults)) {
    const value = env[key];
    const alternative = alternativeOf(defaults, key);
    if (!value && alternative && env[alternative]) continue;
    if (!value)
      problems.push(`${key} must be set when NODE_ENV=production${alternative ? ` (or ${alternative})` : ''}`);
    else if (value === String((defaults as Record<string, unknown>)[key]) && !hasPublicDefault(defaults, key))
      problems.push(`${key} must not be the development default when NODE_ENV=production`);
    else if (holdsDevelopmentValue(defaults, key, value))
      problems.push(`${key} must not hold the development default when NODE_ENV=production`);
    else if (/^http:/i.test(value)) problems.push(`${key} must be an https URL when NODE_ENV=production`);
    else if (/^https:/i.test(value) && !isPublicHost(new URL(value)))
      problems.push(`${key} must name a public host (not localhost or a private address) when NODE_ENV=production`);
  }
  return problems;
}

function describe(error: ValidationError): string[] {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return [`${error.property}: ${reasons}`];
}
