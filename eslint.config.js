// ESLint for the first-party JavaScript (`make lint`): the scripts in assets/ that Dash loads on
// every page, and their unit tests under tests/js/ (node's test runner). Vendored bundles are
// not ours to lint.
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {
    ignores: [
      'assets/00-plotly-basic.min.js',
      'assets/01-plotly-locale-zh-cn.js',
      'assets/02-regenerator-runtime.js',
      'node_modules/**',
      '.venv/**',
      'bench/results/**',
      'tests/vendor/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['assets/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser, module: 'readonly' },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
      'no-implicit-globals': 'error',
      'no-var': 'off',
      strict: 'off',
    },
  },
  {
    files: ['tests/js/**/*.js', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: globals.node },
  },
];
