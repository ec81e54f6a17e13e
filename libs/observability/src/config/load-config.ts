import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigurationError } from './configuration-error';
import { alternativeOf, isRequiredInProduction, requiredInProductionKeys } from './required-in-production';

type ConfigClass<T> = new () => T;

/**
 * Builds an app's configuration from environment variables: defaults from the class, values converted to the
 * declared types, validated with class-validator. Any problem throws a ConfigurationError naming the variables
 * (never their values, which may be secrets). In production, variables marked `@RequiredInProduction()` must be
 * set explicitly: a local default must not silently point a production service at 127.0.0.1.
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const config = plainToInstance(configClass, defined, { enableImplicitConversion: true });
  const problems = validateSync(config, { whitelist: false }).flatMap(describe);
  if (env['NODE_ENV'] === 'production') {
    for (const key of requiredInProductionKeys(config)) {
      const alternative = alternativeOf(config, key);
      if (isRequiredInProduction(config, key) && !env[key] && !(alternative && env[alternative]))
        problems.push(`${key} must be set when NODE_ENV=production${alternative ? ` (or ${alternative})` : ''}`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze(config);
}

function describe(error: ValidationError): string[] {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return [`${error.property}: ${reasons}`];
}
