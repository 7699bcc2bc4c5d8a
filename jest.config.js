/** Unit and route tests. Browser tests have their own config (jest.browser.config.js). */
// ESM-only packages jest must transform (Node's require(esm) is not available inside jest): file-type and archiver 8.
const esmPackages =
  'file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|archiver|zip-stream|compress-commons|crc32-stream|is-stream';
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/routes/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  testTimeout: 60000,
};
