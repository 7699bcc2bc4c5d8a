/** Browser tests: real server, Debian's Chromium through playwright-core, axe-core for WCAG 2.1 AA. */
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testTimeout: 180000, // a browser walking a whole flow; minutes when the machine is busy
};
