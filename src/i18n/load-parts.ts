/**
 * The words of the parts the workbench fetches on use (the console's steps,
 * the diagnosis, the adapter check's report), in the page's language; apart
 * from load.ts so the page's first paint does not carry them.
 */
import type { ConsoleWords, DiagnosisWords, ReportWords } from './index.ts';
import { pageLanguage } from './load.ts';

export async function fetchConsoleWords(): Promise<ConsoleWords> {
  return pageLanguage() === 'es' ? (await import('./es/console.ts')).consoleText : (await import('./en/console.ts')).consoleText;
}

export async function fetchDiagnosisWords(): Promise<DiagnosisWords> {
  return pageLanguage() === 'es' ? (await import('./es/diagnosis.ts')).diagnosis : (await import('./en/diagnosis.ts')).diagnosis;
}

export async function fetchReportWords(): Promise<ReportWords> {
  return pageLanguage() === 'es' ? (await import('./es/self-test-report.ts')).selfTestReport : (await import('./en/self-test-report.ts')).selfTestReport;
}
