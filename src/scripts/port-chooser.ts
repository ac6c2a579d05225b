/** The port chooser form: system radios and a free text port field. */
import { getPort, getSystem, onCommandVarsChange, renderCommandVars, setPort, setSystem } from './command-vars.ts';
import { isSystem } from './systems.ts';

for (const form of document.querySelectorAll<HTMLFormElement>('[data-port-chooser]')) {
  const field = form.elements.namedItem('port') as HTMLInputElement;
  const radios = form.querySelectorAll<HTMLInputElement>('input[name="system"]');
  const show = (): void => {
    for (const radio of radios) radio.checked = radio.value === getSystem();
    if (document.activeElement !== field) field.value = getPort();
  };
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name === 'system' && isSystem(target.value)) setSystem(target.value);
  });
  field.addEventListener('input', () => setPort(field.value));
  // Leaving the field blank keeps the last port; show it again.
  field.addEventListener('blur', () => (field.value = getPort()));
  onCommandVarsChange(show);
  show();
}
renderCommandVars();
