import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `make bench-ui`: the dashboard's performance traces (not part of `make test`).
export default defineConfig({ ...base, testDir: './bench', timeout: 600_000 });
