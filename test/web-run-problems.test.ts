// A refused run's problems as the editor shows them: nodes by their card names, credentials by what to do.
import { describe, expect, it } from "vitest";
import { runProblemText } from "../web/src/lib/graph-logic/run-problems";

const GEN = "10483ec0-7878-4b61-b8b0-92930e88788b";
const SUM = "2b5e7a10-0000-4b61-b8b0-92930e887000";
const CRED = "591115ae-a804-439c-8c71-641b2964a8a4";
const labels: Record<string, string> = { [GEN]: "AI Text Generator", [SUM]: "Summary" };
const label = (id: string) => labels[id];

describe("runProblemText", () => {
  it("names the node that needs credentials instead of its id", () => {
    const text = runProblemText(
      {
        path: "credentials_inputs.openai_api_key_credentials",
        message: `Credentials required (openai api_key) for node ${GEN}`,
      },
      label,
    );
    expect(text).toBe("“AI Text Generator” needs credentials (openai api_key): pick them on the node");
    expect(text).not.toContain(GEN);
  });

  it("names every node of a shared credentials input", () => {
    expect(
      runProblemText(
        { path: "credentials_inputs.k", message: `Credentials required (openai api_key) for nodes ${GEN}, ${SUM}` },
        label,
      ),
    ).toBe("“AI Text Generator”, “Summary” need credentials (openai api_key): pick them on the node");
  });

  it("says a node's picked credentials are gone, without ids", () => {
    const text = runProblemText({ path: `nodes.${GEN}.credentials`, message: `Unknown credentials ${CRED}` }, label);
    expect(text).toBe("“AI Text Generator”: its credentials no longer exist (deleted?): pick others on the node");
    expect(text).not.toMatch(/[0-9a-f]{8}-/);
  });

  it("names the node of any other node problem and keeps the rest", () => {
    expect(
      runProblemText({ path: `nodes.${GEN}.credentials`, message: `Credentials ${CRED} are for jina` }, label),
    ).toBe(`“AI Text Generator” › credentials: Credentials ${CRED} are for jina`);
    expect(runProblemText({ path: "inputs.topic", message: "Required input is missing" }, label)).toBe(
      "inputs.topic: Required input is missing",
    );
    expect(runProblemText({ message: "Graph not found" }, label)).toBe("Graph not found");
  });

  it("leaves ids that are not nodes of the graph as they are", () => {
    const other = "99999999-9999-4999-8999-999999999999";
    expect(runProblemText({ path: `nodes.${other}.x`, message: "bad" }, label)).toBe(`nodes.${other}.x: bad`);
  });
});
