import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { type BlockContext, defineBlock } from "../contract";

const MAX_FEED_BYTES = 10 * 1024 * 1024;

const RssEntry = z.object({
  title: z.string().describe("Title of the item"),
  link: z.string().describe("Link of the item"),
  description: z.string().describe("Summary of the item"),
  pub_date: z.string().describe("Publication time (ISO 8601, UTC)"),
  author: z.string().describe("Author of the item"),
  categories: z.array(z.string()).describe("Categories or tags of the item"),
});
type RssEntry = z.infer<typeof RssEntry>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "category", "link"].includes(name),
});

const text = (v: unknown): string => {
  if (v === undefined || v === null) return "";
  if (typeof v === "object")
    return text((v as Record<string, unknown>)["#text"] ?? (v as Record<string, unknown>).name ?? "");
  return String(v).trim();
};

/** RSS 2.0 `<item>`s and Atom `<entry>`s as AutoGPT's RSSEntry. */
export function parseFeed(xml: string): RssEntry[] {
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const rssItems = (doc.rss?.channel as Record<string, unknown> | undefined)?.item as
    | Record<string, unknown>[]
    | undefined;
  const atomEntries = doc.feed?.entry as Record<string, unknown>[] | undefined;
  const items = rssItems ?? atomEntries ?? [];
  return items.map((item) => {
    const links = (item.link as unknown[] | undefined) ?? [];
    const link =
      links
        .map((l) => (typeof l === "object" && l ? text((l as Record<string, unknown>)["@_href"]) : text(l)))
        .find(Boolean) ?? "";
    const categories = ((item.category as unknown[] | undefined) ?? [])
      .map((c) => (typeof c === "object" && c ? text((c as Record<string, unknown>)["@_term"] ?? c) : text(c)))
      .filter(Boolean);
    const when = Date.parse(text(item.pubDate ?? item.published ?? item.updated ?? item["dc:date"]));
    return {
      title: text(item.title),
      link,
      description: text(item.description ?? item.summary ?? item.content),
      pub_date: Number.isNaN(when) ? "" : new Date(when).toISOString(),
      author: text(item.author ?? item["dc:creator"]),
      categories,
    };
  });
}

async function fetchFeed(url: string, ctx: BlockContext): Promise<RssEntry[]> {
  const response = await ctx.fetch(url, {
    signal: ctx.signal,
    headers: { accept: "application/rss+xml, application/atom+xml, text/xml" },
  });
  if (!response.ok) throw new Error(`Could not read feed ${url}: HTTP ${response.status}`);
  const body = await response.text();
  if (body.length > MAX_FEED_BYTES) throw new Error(`Feed too large: exceeds ${MAX_FEED_BYTES} bytes`);
  return parseFeed(body);
}

/** Resolves after `ms`, or early (false) when the run is cancelled. */
const wait = (ms: number, signal: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

export const readRssFeedBlock = defineBlock({
  id: "5ebe6768-8e5d-41e3-9134-1c7bd89a8d52",
  name: "ReadRSSFeedBlock",
  description: "Reads RSS feed entries from a given URL.",
  categories: ["INPUT"],
  input: z.object({
    rss_url: z
      .string()
      .meta({ description: "The URL of the RSS feed to read", placeholder: "https://example.com/rss" }),
    time_period: z.number().int().min(1).default(1440).meta({
      description:
        "The time period to check in minutes relative to the run block runtime, e.g. 60 would check for new entries in the last hour.",
      placeholder: "1440",
    }),
    polling_rate: z
      .number()
      .int()
      .min(1)
      .meta({ description: "The number of seconds to wait between polling attempts.", placeholder: "300" }),
    // AutoGPT defaults to true; here a node holds a run only for its time budget, so polling is opt-in.
    run_continuously: z
      .boolean()
      .default(false)
      .describe(
        "Whether to keep polling (until the run is stopped or the node's time budget ends) or read the feed once.",
      ),
  }),
  output: z.object({
    entry: RssEntry.describe("The RSS item"),
    entries: z.array(RssEntry).describe("List of all RSS entries"),
  }),
  async *run(input, ctx) {
    const since = ctx.now().getTime() - input.time_period * 60_000;
    const seen = new Set<string>();
    do {
      const fresh = (await fetchFeed(input.rss_url, ctx)).filter((e) => {
        const key = `${e.link}|${e.pub_date}|${e.title}`;
        // Undated items cannot be filtered by time: they are kept rather than silently dropped.
        const isNew = (e.pub_date === "" || Date.parse(e.pub_date) > since) && !seen.has(key);
        seen.add(key);
        return isNew;
      });
      for (const entry of fresh) yield ["entry", entry];
      yield ["entries", fresh];
    } while (input.run_continuously && (await wait(input.polling_rate * 1000, ctx.signal)));
  },
  tests: [
    {
      name: "polling ends when the run is stopped; items seen before are not repeated; undated items kept",
      input: { rss_url: "https://example.com/rss", polling_rate: 1, run_continuously: true },
      ctx: (() => {
        const stop = new AbortController();
        let polls = 0;
        return {
          signal: stop.signal,
          fetch: async () => {
            polls += 1;
            if (polls === 2) stop.abort(new Error("run stopped"));
            return new Response(
              "<rss><channel><item><title>Undated</title><link>https://example.com/u</link></item></channel></rss>",
            );
          },
        };
      })(),
      expect: [
        ["entry", (v: unknown) => (v as { title: string; pub_date: string }).title === "Undated"],
        ["entries", (v: unknown) => Array.isArray(v) && v.length === 1],
        ["entries", []],
      ],
    },
    {
      input: { rss_url: "https://example.com/rss", time_period: 10_000_000, polling_rate: 1, run_continuously: false },
      ctx: {
        fetch: async () =>
          new Response(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
              <item><title>Example RSS Item</title><link>https://example.com/article</link>
                <description>This is an example RSS item description.</description>
                <pubDate>Fri, 23 Jun 2023 12:30:00 GMT</pubDate><author>John Doe</author>
                <category>Technology</category><category>News</category></item>
            </channel></rss>`,
            { headers: { "content-type": "application/rss+xml" } },
          ),
      },
      expect: [
        [
          "entry",
          {
            title: "Example RSS Item",
            link: "https://example.com/article",
            description: "This is an example RSS item description.",
            pub_date: "2023-06-23T12:30:00.000Z",
            author: "John Doe",
            categories: ["Technology", "News"],
          },
        ],
        ["entries", (v: unknown) => Array.isArray(v) && v.length === 1],
      ],
    },
    {
      name: "an Atom feed, old entries filtered out by time_period",
      input: { rss_url: "https://example.com/atom", time_period: 60, polling_rate: 1, run_continuously: false },
      ctx: {
        fetch: async () =>
          new Response(`<feed xmlns="http://www.w3.org/2005/Atom">
            <entry><title>New</title><link href="https://example.com/new"/><updated>2025-03-19T14:00:00Z</updated>
              <author><name>Ann</name></author><category term="x"/><summary>s</summary></entry>
            <entry><title>Old</title><link href="https://example.com/old"/><updated>2025-03-18T14:00:00Z</updated></entry>
          </feed>`),
      },
      expect: [
        [
          "entry",
          {
            title: "New",
            link: "https://example.com/new",
            description: "s",
            pub_date: "2025-03-19T14:00:00.000Z",
            author: "Ann",
            categories: ["x"],
          },
        ],
        ["entries", (v: unknown) => Array.isArray(v) && v.length === 1],
      ],
    },
  ],
});
