/** Style sheets imported as text: esbuild's text loader (src/api/dashboard-assets.ts) inlines them in the bundle. */
declare module '*.css' {
  const text: string;
  export default text;
}
