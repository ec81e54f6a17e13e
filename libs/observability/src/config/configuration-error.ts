/** Thrown at boot when an environment variable is missing or invalid; the message names every bad variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'ConfigurationError';
  }
}
