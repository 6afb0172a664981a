// TypeScript for the sandbox: types are removed (sucrase, no type check), the rest of the code is kept as
// written, ES module syntax included, so a `main` export still works.
import { transform } from "sucrase";

/** @example stripTypes("const n: number = 1; n") // "const n = 1; n" */
export function stripTypes(code: string): string {
  return transform(code, { transforms: ["typescript"], disableESTransforms: true }).code;
}
