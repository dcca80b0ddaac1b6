import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

export default defineConfig({
  root: 'web',
  plugins: [solid()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  // `npm run dev:web` on :5173 proxies API calls to `npm run dev` on :8787
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
})
