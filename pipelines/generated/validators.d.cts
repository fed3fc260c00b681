// Types of the generated validators.cjs (see pipelines/generate-validators.ts).
import type { ValidateFunction } from 'ajv/dist/2020.js';

export declare const digest: string;
export declare const validators: Record<string, ValidateFunction>;
