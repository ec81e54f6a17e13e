import { InitialSchema1732320000000 } from './1732320000000-initial-schema';

/** PPM migrations in the order they run; append new ones at the end, never reorder. */
export const ppmMigrations = [InitialSchema1732320000000];
