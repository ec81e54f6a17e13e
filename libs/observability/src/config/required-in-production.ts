import 'reflect-metadata';

const KEYS = Symbol('ppm:required-in-production');

/** Marks a variable whose local default must not be used in production (connection URLs, secrets). */
export function RequiredInProduction(): PropertyDecorator {
  return (target, key) => {
    const keys = (Reflect.getMetadata(KEYS, target) as string[] | undefined) ?? [];
    Reflect.defineMetadata(KEYS, [...keys, String(key)], target);
  };
}

/** Every key marked on the config's class and its bases. */
export function requiredInProductionKeys(config: object): string[] {
  return (Reflect.getMetadata(KEYS, config) as string[] | undefined) ?? [];
}
