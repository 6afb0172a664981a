import { z } from "zod";
import { defineBlock, RetryableError } from "../contract";

/** Wikimedia asks API clients to identify themselves (robot policy). */
const USER_AGENT = "Agentflare/0.1 (AI agent workflow platform; GetWikipediaSummaryBlock)";

export const getWikipediaSummaryBlock = defineBlock({
  id: "f5b0f5d0-1862-4d61-94be-3ad0fa772760",
  name: "GetWikipediaSummaryBlock",
  description: "This block fetches the summary of a given topic from Wikipedia.",
  categories: ["SEARCH"],
  input: z.object({ topic: z.string().min(1).describe("The topic to fetch the summary for") }),
  output: z.object({ summary: z.string().describe("The summary of the given topic") }),
  async *run({ topic }, ctx) {
    const url = `https://en.wikipedia.org/api/rest_v1/page/summary/${encodeURIComponent(topic)}`;
    const response = await ctx.fetch(url, {
      headers: { accept: "application/json", "user-agent": USER_AGENT },
      signal: ctx.signal,
    });
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(`Wikipedia answered HTTP ${response.status}`);
    }
    if (!response.ok) {
      yield ["error", `HTTP error occurred: ${response.status} for topic "${topic}"`];
      return;
    }
    const body = (await response.json()) as { extract?: unknown };
    if (typeof body.extract !== "string") {
      yield ["error", "Unable to parse Wikipedia response: no extract"];
      return;
    }
    yield ["summary", body.extract];
  },
  tests: [
    {
      input: { topic: "Artificial Intelligence" },
      ctx: {
        fetch: async (url) =>
          String(url) === "https://en.wikipedia.org/api/rest_v1/page/summary/Artificial%20Intelligence"
            ? Response.json({ extract: "summary content" })
            : new Response("wrong url", { status: 400 }),
      },
      expect: [["summary", "summary content"]],
    },
    {
      input: { topic: "No such page" },
      ctx: { fetch: async () => Response.json({ title: "Not found." }, { status: 404 }) },
      expect: [["error", 'HTTP error occurred: 404 for topic "No such page"']],
    },
  ],
});
