// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';

export default defineConfig({
  site: 'https://sonoff-pow.example.org',
  integrations: [
    starlight({
      title: 'Sonoff POW flasher',
      // Starlight's remark plugins (asides, heading anchors) only touch files
      // in these folders; without it they silently skip `content/`.
      markdown: { processedDirs: ['./content'] },
      routeMiddleware: './src/route-data.ts',
    }),
    preact(),
  ],
});
