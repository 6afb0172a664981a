// What bench/code-sandbox.mjs bundles for Node: the Worker's sandbox module as it is.
export { DEFAULT_SANDBOX_LIMITS } from "../../blocks/sandbox/limits";
export { quickJS, runJavaScript } from "../../blocks/sandbox/quickjs-sandbox";
