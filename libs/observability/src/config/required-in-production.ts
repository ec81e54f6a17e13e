import 'reflect-metadata';

const KEYS = Symbol('ppm:required-in-production');
const ALTERNATIVES = Symbol('ppm:required-in-production-unless');

/** Options of `@RequiredInProduction()`. */
export interface RequiredInProductionOptions {
  /** Another variable that, when set, makes this one unnecessary (e.g. a creds file instead of a password). */
  unless?: string;
}

/** Marks a variable whose local default must not be used in production (connection URLs, secrets). */
export function RequiredInProduction(options: RequiredInProductionOptions = {}): PropertyDecorator {
  return (target, key) => {
    const keys = (Reflect.getMetadata(KEYS, target) as string[] | undefined) ?? [];
    Reflect.defineMetadata(KEYS, [...keys, String(key)], target);
    if (options.unless) {
      const alternatives = (Reflect.getMetadata(ALTERNATIVES, target) as Record<string, string> | undefined) ?? {};
      Reflect.defineMetadata(ALTERNATIVES, { ...alternatives, [String(key)]: options.unless }, target);
    }
  };
}

/** Every key marked on the config's class and its bases. */
export function requiredInProductionKeys(config: object): string[] {
  return (Reflect.getMetadata(KEYS, config) as string[] | undefined) ?? [];
}

/** Whether `key` is marked on the config's class or its bases. */
export function isRequiredInProduction(config: object, key: string): boolean {
  return requiredInProductionKeys(config).includes(key);
}

/** The variable that replaces `key` when set, if its mark names one. */
export function alternativeOf(config: object, key: string): string | undefined {
  return (Reflect.getMetadata(ALTERNATIVES, config) as Record<string, string> | undefined)?.[key];
}
