import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `make screenshots`: every screen, light and dark, into docs/screenshots/.
export default defineConfig({ ...base, testDir: './screenshots', timeout: 240_000 });
