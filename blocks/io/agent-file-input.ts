import { z } from "zod";
import { defineBlock } from "../contract";
import { storeMediaFile } from "../runtime/media-file";
import { TEST_FILE_SCHEME } from "../runtime/test-context";
import { agentInputFields } from "./agent-input-fields";

/** A file given to the agent (data URI, URL or an uploaded file's URI), stored in R2 for later blocks. */
export const agentFileInputBlock = defineBlock({
  id: "95ead23f-8283-4654-aef3-10c053b74a31",
  name: "AgentFileInputBlock",
  description: "Block for file upload input: the file is stored and its reference is passed on.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.string().nullable().default(null).meta({
      description: "Path or reference to an uploaded file.",
      title: "Default Value",
      format: "file",
      advanced: false,
    }),
    base_64: z.boolean().default(false).meta({
      description:
        "Whether to produce output in base64 format (not recommended; you can pass the file reference across blocks).",
      title: "Produce Base64 Output",
      advanced: true,
    }),
  }),
  output: z.object({ result: z.string().describe("File reference/path result.") }),
  async *run(input, ctx) {
    if (!input.value) return;
    yield ["result", await storeMediaFile(ctx, input.value, input.base_64 ? "data_uri" : "uri", input.name)];
  },
  tests: [
    {
      name: "a data URI is stored and its reference returned",
      input: { value: "data:image/png;base64,MQ==", name: "file_upload_1" },
      expect: [
        ["result", (v: unknown) => typeof v === "string" && v.startsWith(TEST_FILE_SCHEME) && v.endsWith(".png")],
      ],
    },
    {
      name: "base_64 returns the content as a data URI",
      input: { value: "data:text/plain;base64,SGk=", name: "file_upload_2", base_64: true },
      expect: [["result", "data:text/plain;base64,SGk="]],
    },
  ],
});
