/**
 * The environment a CLI reads its configuration from. The services refuse to guess NODE_ENV; a CLI on an operator's
 * laptop is a development tool, and a production shell (a pod, the image) sets NODE_ENV itself.
 */
export function cliEnvironment(): NodeJS.ProcessEnv {
  return { NODE_ENV: 'development', ...process.env };
}
