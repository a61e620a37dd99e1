// The screens' scripts (static/, vendor excluded): each is a plain browser script in its own function, sharing
// only window.Turnero (static/common/) and the vendor globals Chart and io. A name used but defined in another
// file's function is an error (tests/static/test_js_lint.py): in the page it is a ReferenceError, which a catch
// may report as something else (reception's «Sin conexión» over an issued ticket, session 19).
import globals from "globals";

export default [
  { ignores: ["static/vendor/**", "node_modules/**", ".venv/**", ".bench-deps/**"] },
  {
    files: ["static/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser, Chart: "readonly", io: "readonly" } },
    rules: {
      "no-undef": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-redeclare": "error",
      "no-dupe-keys": "error",
      "no-unreachable": "error",
    },
  },
];
