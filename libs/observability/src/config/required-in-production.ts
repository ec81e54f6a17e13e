import 'reflect-metadata';

const KEYS = Symbol('ppm:required-in-production');
const ALTERNATIVES = Symbol('ppm:required-in-production-unless');
const PUBLIC_DEFAULTS = Symbol('ppm:required-in-production-public-default');
const DEVELOPMENT_VALUE_TESTS = Symbol('ppm:required-in-production-development-value');

/** Options of `@RequiredInProduction()`. */
export interface RequiredInProductionOptions {
  /** Another variable that, when set, makes this one unnecessary (e.g. a creds file instead of a password). */
  unless?: string;
  /** The default is no secret and no local address (a user name): production may keep it, only not leave it unset. */
  publicDefault?: boolean;
  /**
   * Whether a value still carries the development default in another form (a keyring holding the development key
   * under another id, in any position): refused in production like the default itself.
   */
  holdsDevelopmentValue?: (value: string) => boolean;
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
    if (options.publicDefault) {
      const keys = (Reflect.getMetadata(PUBLIC_DEFAULTS, target) as string[] | undefined) ?? [];
      Reflect.defineMetadata(PUBLIC_DEFAULTS, [...keys, String(key)], target);
    }
    if (options.holdsDevelopmentValue) {
      const tests = (Reflect.getMetadata(DEVELOPMENT_VALUE_TESTS, target) as DevelopmentValueTests | undefined) ?? {};
      const test = options.holdsDevelopmentValue;
      Reflect.defineMetadata(DEVELOPMENT_VALUE_TESTS, { ...tests, [String(key)]: test }, target);
    }
  };
}

type DevelopmentValueTests = Record<string, (value: string) => boolean>;

/** Every key marked on the config's class and its bases. */
export function requiredInProductionKeys(config: object): string[] {
  return (Reflect.getMetadata(KEYS, config) as string[] | undefined) ?? [];
}

/** The variable that replaces `key` when set, if its mark names one. */
export function alternativeOf(config: object, key: string): string | undefined {
  return (Reflect.getMetadata(ALTERNATIVES, config) as Record<string, string> | undefined)?.[key];
}

/** Whether `key`'s default may be set explicitly in production (see `publicDefault`). */
export function hasPublicDefault(config: object, key: string): boolean {
  return ((Reflect.getMetadata(PUBLIC_DEFAULTS, config) as string[] | undefined) ?? []).includes(key);
}

/** Whether `value` of `key` carries its development default in another form (see `holdsDevelopmentValue`). */
export function holdsDevelopmentValue(config: object, key: string, value: string): boolean {
  const test = (Reflect.getMetadata(DEVELOPMENT_VALUE_TESTS, config) as DevelopmentValueTests | undefined)?.[key];
  return test?.(value) ?? false;
}
