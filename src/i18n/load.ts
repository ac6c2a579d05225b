/**
 * Fetches a part's words in the page's language, beside the part's code: the
 * Spanish page never fetches an English word, nor the English page a Spanish
 * one (each language's part is its own file of the build; the cost-of-reading
 * test lists them). Only fetching lives here, so the page's first paint
 * carries no more than these few lines: the part that asked puts the words in
 * place (`provideWords`, src/i18n/index.ts) once both have come.
 */
import type { ConsoleWords, DiagnosisWords, MainWords, ReportWords } from './index.ts';

export type Language = 'en' | 'es';

/** The page's language, from `<html lang>` (Starlight writes it from the page's locale). */
export function pageLanguage(): Language {
  return document.documentElement.lang.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export async function fetchMainWords(): Promise<MainWords> {
  return pageLanguage() === 'es' ? (await import('./es.ts')).es : (await import('./en.ts')).en;
}

export async function fetchConsoleWords(): Promise<ConsoleWords> {
  return pageLanguage() === 'es' ? (await import('./es/console.ts')).consoleText : (await import('./en/console.ts')).consoleText;
}

export async function fetchDiagnosisWords(): Promise<DiagnosisWords> {
  return pageLanguage() === 'es' ? (await import('./es/diagnosis.ts')).diagnosis : (await import('./en/diagnosis.ts')).diagnosis;
}

export async function fetchReportWords(): Promise<ReportWords> {
  return pageLanguage() === 'es' ? (await import('./es/self-test-report.ts')).selfTestReport : (await import('./en/self-test-report.ts')).selfTestReport;
}
