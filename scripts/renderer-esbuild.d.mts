import type { BuildOptions } from 'esbuild';

export declare const RENDERER_ESBUILD: BuildOptions;
