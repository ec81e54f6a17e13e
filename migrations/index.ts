export * from './migration-data-source';
