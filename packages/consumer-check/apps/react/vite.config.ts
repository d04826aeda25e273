import { defineConfig } from 'vite';
import { plumb } from '@plumb/elements/vite';

export default defineConfig({ plugins: [plumb({ mvp: false })] });
