import { chain } from "./chain.mjs";
export default chain(100);
