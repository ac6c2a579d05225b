/**
 * A server of the spec's own on the project's build (scripts/serve.ts, the
 * one the webServer runs), for tests that cut the network by closing it or
 * deploy a new version by swapping its folder.
 */
import type { TestInfo } from '@playwright/test';
import type { SiteMetadata } from '../../playwright.config.ts';
import { serveSite, type StaticSite } from '../../scripts/serve.ts';

export function siteOf(testInfo: TestInfo): SiteMetadata {
  const { outDir, base } = testInfo.project.metadata as Partial<SiteMetadata>;
  if (typeof outDir !== 'string' || typeof base !== 'string') throw new Error(`project ${testInfo.project.name} names no build (metadata outDir, base)`);
  return { outDir, base };
}

/** Serves the project's build (or `dir`) on a free port. */
export function serveOwn(testInfo: TestInfo, dir?: string): Promise<StaticSite> {
  const site = siteOf(testInfo);
  return serveSite({ dir: dir ?? site.outDir, base: site.base });
}
