import { z } from "zod";
import { defineBlock } from "../contract";
import {
  getText,
  jinaCredentialsField,
  jinaGet,
  JINA_TEST_CREDENTIALS as TEST_CREDENTIALS_INPUT,
  jinaTestCredentials as testCredentials,
} from "./jina-request";

export const extractWebsiteContentBlock = defineBlock({
  id: "436c3984-57fd-4b85-8e9a-459b356883bd",
  name: "ExtractWebsiteContentBlock",
  description: "This block scrapes the content from the given web URL.",
  categories: ["SEARCH"],
  input: z.object({
    credentials: jinaCredentialsField(),
    url: z.string().describe("The URL to scrape the content from"),
    raw_content: z.boolean().default(false).meta({
      title: "Raw Content",
      description: "Whether to do a raw scrape of the content or use Jina-ai Reader to scrape the content",
      advanced: true,
    }),
  }),
  output: z.object({ content: z.string().describe("The scraped content from the given URL") }),
  async *run(input, ctx) {
    if (input.raw_content) {
      // The user's URL itself: fetched through the SSRF guard, no key sent.
      yield ["content", await getText(ctx, input.url, {}, "Scrape")];
      return;
    }
    yield ["content", await jinaGet(ctx, input.credentials, "JINA_READER_URL", input.url, "Reader")];
  },
  tests: [
    {
      input: { url: "https://en.wikipedia.org/wiki/Artificial_intelligence", credentials: TEST_CREDENTIALS_INPUT },
      ctx: {
        credentials: testCredentials,
        fetch: async (url, init) => {
          const req = new Request(url, init);
          const ok =
            req.url === "https://r.jina.ai/https://en.wikipedia.org/wiki/Artificial_intelligence" &&
            req.headers.get("authorization") === "Bearer mock-jina-api-key";
          return new Response(ok ? "scraped content" : "wrong request", { status: ok ? 200 : 400 });
        },
      },
      expect: [["content", "scraped content"]],
    },
    {
      name: "raw_content fetches the page itself, without the key",
      input: { url: "https://example.com/page", raw_content: true, credentials: TEST_CREDENTIALS_INPUT },
      ctx: {
        credentials: testCredentials,
        fetch: async (url, init) => new Response(`${url} auth=${new Request(url, init).headers.get("authorization")}`),
      },
      expect: [["content", "https://example.com/page auth=null"]],
    },
  ],
});
