export * from './error-codes';
export * from './envelope';
export * from './subjects';
export * from './events';
export * from './system-ping.reply';
