import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { plumb } from '@plumb/elements/vite';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('plumb-') } } }), plumb({ mvp: false })],
});
