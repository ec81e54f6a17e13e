import { getJestProjectsAsync } from '@nx/jest';

// `npx jest` at the root runs every project; the kind comes from PPM_TEST_KIND (see jest.preset.js).
export default async () => ({ projects: await getJestProjectsAsync() });
