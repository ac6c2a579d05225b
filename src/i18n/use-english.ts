/**
 * Every part's English words, for code that runs outside the page: unit tests
 * (vitest's setup file), the benchmark and the virtual device's command line.
 * The page never imports this: it loads its own language's parts (load.ts).
 */
import { en } from './en.ts';
import { consoleText } from './en/console.ts';
import { diagnosis } from './en/diagnosis.ts';
import { selfTestReport } from './en/self-test-report.ts';
import { provideWords } from './index.ts';

provideWords('main', en, 'en');
provideWords('console', consoleText, 'en');
provideWords('diagnosis', diagnosis, 'en');
provideWords('report', selfTestReport, 'en');
