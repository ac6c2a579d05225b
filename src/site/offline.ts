/**
 * The page's side of working offline: registers the service worker
 * (src/site/service-worker.ts) once the page has loaded, and when a new
 * version of the site has been installed in the background, shows the
 * notice (src/site/Banner.astro) whose Reload switches to it. The switch
 * happens only on that click and never while a step runs (the button waits
 * for the step to end); the page reloads once the new version is in charge,
 * so it never runs a mix of the two.
 */
import { withBase } from './base.ts';
import { ACTIVATE } from './offline-protocol.ts';
import { isStepRunning, onStepRunningChange } from './step-activity.ts';

export function startOffline(): void {
  const workers = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  const region = document.querySelector<HTMLElement>('[data-update-notice]');
  const template = document.querySelector<HTMLTemplateElement>('template[data-update-notice-content]');
  if (!workers || !region || !template) return;
  // Out of the page's columns, whose stacking contexts (Starlight's main pane
  // isolates) would put the sidebars over it.
  document.body.append(region);

  let controlled = workers.controller !== null;
  let switching = false;

  /** Shows the notice; `waiting` is the new version to switch to, or none when another tab already switched. */
  const show = (waiting: ServiceWorker | undefined): void => {
    region.replaceChildren(template.content.cloneNode(true));
    const reload = region.querySelector<HTMLButtonElement>('[data-update-reload]')!;
    const afterStep = region.querySelector<HTMLElement>('[data-update-after-step]')!;
    const sync = (): void => {
      reload.disabled = isStepRunning();
      afterStep.hidden = !isStepRunning();
    };
    onStepRunningChange(sync);
    sync();
    reload.addEventListener('click', () => {
      if (isStepRunning()) return;
      if (!waiting) return location.reload();
      switching = true;
      waiting.postMessage(ACTIVATE);
    });
    region.querySelector('[data-update-later]')!.addEventListener('click', () => region.replaceChildren());
  };

  workers.addEventListener('controllerchange', () => {
    const wasControlled = controlled;
    controlled = true;
    // This tab asked: reload into the new version. Another tab asked: this page is
    // still the old version (its files stay in the old cache); offer the reload.
    if (switching) location.reload();
    else if (wasControlled) show(undefined);
  });

  const register = (): void => {
    workers.register(withBase('sw.js'), { scope: withBase('/') }).then(
      (registration) => {
        // A first install has nothing to replace; only an update is announced.
        const offer = (worker: ServiceWorker): void => {
          if (workers.controller) show(worker);
        };
        if (registration.waiting) offer(registration.waiting);
        registration.addEventListener('updatefound', () => {
          const worker = registration.installing;
          worker?.addEventListener('statechange', () => {
            if (worker.state === 'installed') offer(worker);
          });
        });
      },
      // No worker (a private window may refuse it): the page works, only not offline.
      () => undefined,
    );
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
