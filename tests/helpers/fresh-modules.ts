// Setup of every test file (vitest.config.ts). Files share their worker's process (isolate: false), so the packages
// they import (DuckDB, Arrow, zx, playwright) are loaded once per worker rather than once per file; the project's own
// modules are evaluated afresh for each file, so that a file's vi.mock (tests/emit/atomic-swap.test.ts mocks
// node:fs) reaches the modules it imports even when an earlier file imported them.

import { vi } from 'vitest';

vi.resetModules();
