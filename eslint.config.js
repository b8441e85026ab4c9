// Lint with type information: the rules that catch what the compiler does not, such as a promise nobody awaits.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'web/dist/**', '**/generated/**', '.devdb/**', 'tools/devdb/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A caught error is unknown to TypeScript; passing it on to reject() as it came is right.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Apollo's plugin hooks and the fakes of promise-returning interfaces are written async, as Apollo's own docs write them.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // chillybin refuses control characters in descriptions, so its check matches them on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      // vitest types its asymmetric matchers (expect.any, expect.stringMatching) as any, and they sit in expected values.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['platform/test/watchedMongoClient.test.ts'],
    rules: {
      // The spies keep MongoClient's own close and connect to call them with .call(this).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
