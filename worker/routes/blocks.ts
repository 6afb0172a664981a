// GET /api/v1/blocks: the block catalogue the editor builds its palette and forms from. The list only
// changes with a deploy, so it is serialised once per isolate and served with an ETag (304 on a match).
import { createRoute, z } from "@hono/zod-openapi";
import { toCatalogBlock } from "../../blocks/catalog";
import { allBlocks } from "../../blocks/registry";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";
import { sha256Hex } from "../sha256";

const BlockInfo = z
  .object({
    id: z.string().openapi({ description: "Stable block UUID (AutoGPT's where the block matches)" }),
    name: z.string().openapi({ example: "CalculatorBlock" }),
    description: z.string(),
    categories: z.array(z.string()),
    block_type: z.string().openapi({ description: "STANDARD, INPUT, OUTPUT, NOTE, AGENT, AI, WEBHOOK, ..." }),
    static_output: z.boolean(),
    dynamic_output: z.boolean(),
    input_schema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the input pins" }),
    output_schema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the output pins" }),
  })
  .openapi("Block");

const BlockList = z
  .object({ items: z.array(BlockInfo), next_cursor: z.null().openapi({ description: "Always null: one page" }) })
  .openapi("BlockList");

type BlockListBody = z.infer<typeof BlockList>;

/** Browsers and proxies may keep it a few minutes; the ETag makes revalidation cheap. */
const CACHE_CONTROL = "private, max-age=300, must-revalidate";

let catalogue: Promise<{ body: string; etag: string }> | undefined;

/** The serialised list and its ETag, computed on first use and kept for the isolate's life. */
function loadCatalogue() {
  catalogue ??= (async () => {
    const list: BlockListBody = {
      items: allBlocks.map((block) => {
        // The same (cached) pin schemas the graph validator uses.
        const { input, output } = toCatalogBlock(block);
        return {
          id: block.id,
          name: block.name,
          description: block.description,
          categories: block.categories,
          block_type: block.blockType,
          static_output: block.staticOutput,
          dynamic_output: block.dynamicOutput ?? false,
          input_schema: input,
          output_schema: output,
        };
      }),
      next_cursor: null,
    };
    const body = JSON.stringify(list);
    // 128 bits of the digest are plenty to tell deploys apart.
    return { body, etag: `"${(await sha256Hex(body)).slice(0, 32)}"` };
  })();
  return catalogue;
}

/** RFC 9110 If-None-Match: a list of (possibly weak) tags, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["blocks"],
  summary: "Every block: id, name, type, categories and its input/output JSON Schemas",
  security,
  middleware: [requireAuth("read")] as const,
  responses: {
    200: json(BlockList, "The block catalogue (ETag + Cache-Control set)"),
    304: { description: "The catalogue has not changed since the ETag given in If-None-Match" },
    401: json(ErrorBody, "Missing or invalid credentials"),
    403: json(ErrorBody, "Lacking the read scope"),
  },
});

export const blockRoutes = newRouter();

blockRoutes.openapi(list, async (c) => {
  const { body, etag } = await loadCatalogue();
  const headers = { ETag: etag, "Cache-Control": CACHE_CONTROL };
  if (matchesEtag(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
});
