// Appends each jest run's pass/fail counts to $FLEET_TEST_SUMMARY_DIR so that .ci/run can
// print one total for all packages. Does nothing when the variable is unset.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.FLEET_TEST_SUMMARY_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const line = JSON.stringify({
      cwd: process.cwd(),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    });
    fs.appendFileSync(path.join(dir, 'results.ndjson'), line + '\n');
  }
}

module.exports = SummaryReporter;
