/** A mistake in how a command was called: reported with a pointer to its usage, and exit code 2. */
export class UsageError extends Error {}
