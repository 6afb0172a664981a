import { z } from "zod";
import { defineBlock } from "../contract";
import {
  jinaCredentialsField,
  jinaGet,
  quote,
  JINA_TEST_CREDENTIALS as TEST_CREDENTIALS_INPUT,
  jinaTestCredentials as testCredentials,
} from "./jina-request";

export const searchTheWebBlock = defineBlock({
  id: "87840993-2053-44b7-8da4-187ad4ee518c",
  name: "SearchTheWebBlock",
  description: "This block searches the internet for the given search query.",
  categories: ["SEARCH"],
  input: z.object({
    credentials: jinaCredentialsField(),
    query: z.string().describe("The search query to search the web for"),
  }),
  output: z.object({ results: z.string().describe("The search results including content from top 5 URLs") }),
  async *run(input, ctx) {
    yield ["results", await jinaGet(ctx, input.credentials, "JINA_SEARCH_URL", quote(input.query), "Search")];
  },
  tests: [
    {
      input: { credentials: TEST_CREDENTIALS_INPUT, query: "Artificial Intelligence" },
      ctx: {
        credentials: testCredentials,
        fetch: async (url, init) => {
          const req = new Request(url, init);
          const ok =
            req.url === "https://s.jina.ai/Artificial%20Intelligence" &&
            req.headers.get("authorization") === "Bearer mock-jina-api-key";
          return new Response(ok ? "search content" : "wrong request", { status: ok ? 200 : 400 });
        },
      },
      expect: [["results", "search content"]],
    },
    {
      name: "the operator's endpoint replaces s.jina.ai",
      input: { credentials: TEST_CREDENTIALS_INPUT, query: "a/b c" },
      ctx: {
        credentials: testCredentials,
        endpoints: { JINA_SEARCH_URL: "http://127.0.0.1:9999/search" },
        fetch: async (url) => new Response(String(url)),
      },
      expect: [["results", "http://127.0.0.1:9999/search/a/b%20c"]],
    },
    {
      name: "the operator's endpoint is called through the endpoint fetch, never the user-URL one",
      input: { credentials: TEST_CREDENTIALS_INPUT, query: "q" },
      ctx: {
        credentials: testCredentials,
        endpoints: { JINA_SEARCH_URL: "http://127.0.0.1:9999/search" },
        endpointFetch: async (endpoint, url) => new Response(`${endpoint} ${url}`),
        fetch: async () => new Response("ctx.fetch", { status: 400 }),
      },
      expect: [["results", "JINA_SEARCH_URL http://127.0.0.1:9999/search/q"]],
    },
  ],
});
