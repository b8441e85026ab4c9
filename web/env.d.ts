// What the esbuild build (web/build.ts) provides to the browser code.

declare module '*.graphql' {
  const source: string;
  export default source;
}

/** The package version, for the `apollographql-client-version` header. */
declare const __APP_VERSION__: string;
