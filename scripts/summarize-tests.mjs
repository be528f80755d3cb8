// Sums the results of every suite into the one closing line CI reads: "N passed, N failed".
// Arguments are the static checks as name:pass|fail. A suite whose report is missing (its runner
// crashed before writing one) counts as one failure, so a broken runner can never look green.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const lines = [];

for (const arg of process.argv.slice(2)) {
  const [name, outcome] = arg.split(':');
  if (outcome === 'pass') passed++;
  else failed++;
  lines.push(`${name}: ${outcome}`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const vitest = readJson('test-results/vitest.json');
if (vitest === null) {
  failed++;
  lines.push('unit tests: no report (runner failed)');
} else {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0 ? 1 : 0);
  lines.push(
    `unit tests: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numFailedTestSuites} suites failed`,
  );
}

let pytest = null;
try {
  pytest = readFileSync('test-results/pytest.xml', 'utf8');
} catch {
  // counted below as a failed suite
}
const suite = pytest && /<testsuite\b[^>]*>/.exec(pytest);
if (!suite) {
  failed++;
  lines.push('training tests: no report (runner failed)');
} else {
  const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite[0])?.[1] ?? 0);
  const bad = count('failures') + count('errors');
  const ran = count('tests') - count('skipped');
  passed += ran - bad;
  failed += bad;
  lines.push(`training tests: ${ran - bad} passed, ${bad} failed, ${count('skipped')} skipped`);
}

const playwright = readJson('test-results/playwright.json');
if (playwright === null) {
  failed++;
  lines.push('e2e tests: no report (runner failed)');
} else {
  const { expected = 0, unexpected = 0, flaky = 0 } = playwright.stats ?? {};
  const setupErrors = (playwright.errors ?? []).length;
  passed += expected + flaky;
  failed += unexpected + setupErrors;
  lines.push(
    `e2e tests: ${expected + flaky} passed, ${unexpected} failed${setupErrors ? `, ${setupErrors} errors` : ''}`,
  );
}

console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
