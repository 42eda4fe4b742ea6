/** The part of js-yaml 4 ChargeTwin uses (the package ships no types). */
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
}
