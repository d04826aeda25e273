import { defineConfig } from 'vite';
import { plumb } from '@plumb/elements/vite';

// The one line the README promises.
export default defineConfig({ plugins: [plumb({ mvp: false })] });
