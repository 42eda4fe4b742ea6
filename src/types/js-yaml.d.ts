/** The part of js-yaml 4 that ChargeTwin uses (the package ships no types; @types/js-yaml is not a dependency). */
declare module 'js-yaml' {
  export interface LoadOptions { filename?: string; schema?: Schema; json?: boolean }
  export interface Schema { readonly __schema: unique symbol }
  export const CORE_SCHEMA: Schema;
  export function load(text: string, options?: LoadOptions): unknown;
  export class YAMLException extends Error {
    reason: string;
    mark?: { line: number; column: number };
  }
}
