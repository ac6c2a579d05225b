/**
 * The workbench: the flasher and the UI that drives it, loaded on the
 * reader's first click on a Run button or the device panel.
 */
import { requestConnect } from './connection.ts';
import { startRehearsalFromStrip } from './rehearsal.ts';
import { requestRun } from './run-request.ts';

export { DevicePanelFull } from './DevicePanelFull.tsx';
export { FlasherStepSlot } from './StepSlot.tsx';
export { requestConnect, requestRun, startRehearsalFromStrip };
export { handOverStepFile as handOverFile } from './StepSlot.tsx';

export { ConsoleStepPanel } from './console/ConsoleStepSlot.tsx';
export { provideWords } from '../../i18n/index.ts';
