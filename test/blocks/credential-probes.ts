// Test-only blocks that resolve their credential and yield a digest of the secret (never the secret), so a test
// can tell which secret arrived while the secret itself stays out of every run record.
import { z } from "zod";
import { defineBlock } from "../../blocks/contract";
import { credentialsField } from "../../blocks/runtime/credentials-field";
import { sha256Hex as sha256 } from "../../worker/sha256";

export const CREDENTIAL_PROBE_ID = "00000000-0000-4000-8000-00000000c001";
export const MODEL_PROBE_ID = "00000000-0000-4000-8000-00000000c002";
export const SCHEDULE_PROBE_ID = "00000000-0000-4000-8000-00000000c101";

export const credentialProbeBlock = defineBlock({
  id: CREDENTIAL_PROBE_ID,
  name: "TestCredentialProbeBlock",
  description: "Test only: resolves its credentials and yields a SHA-256 of the api_key.",
  categories: ["BASIC"],
  input: z.object({ credentials: credentialsField({ providers: ["openai"], types: ["api_key"] }) }),
  output: z.object({ digest: z.string(), title: z.string() }),
  async *run(input, ctx) {
    const cred = await ctx.credentials.get(input.credentials.id);
    if (!cred) {
      yield ["error", `credentials ${input.credentials.id} not available`];
      return;
    }
    ctx.logger.info("probe resolved", { credential: input.credentials });
    yield ["digest", await sha256(cred.secret.api_key ?? "")];
    yield ["title", cred.title];
  },
  tests: [],
});

/** A credentials field whose provider follows the `model` input, as the LLM blocks'. */
export const modelProbeBlock = defineBlock({
  id: MODEL_PROBE_ID,
  name: "TestModelProbeBlock",
  description: "Test only: a credentials field whose provider follows the `model` input, as the LLM blocks'.",
  categories: ["AI"],
  input: z.object({
    model: z.enum(["gpt-4o", "claude-sonnet-4-5-20250929"]).default("gpt-4o"),
    credentials: credentialsField({
      providers: ["openai", "anthropic"],
      types: ["api_key"],
      discriminator: { field: "model", mapping: { "gpt-4o": "openai", "claude-sonnet-4-5-20250929": "anthropic" } },
    }),
  }),
  output: z.object({ provider: z.string() }),
  async *run(input, ctx) {
    const cred = await ctx.credentials.get(input.credentials.id);
    yield ["provider", cred?.provider ?? "none"];
  },
  tests: [],
});

export const scheduleCredentialProbeBlock = defineBlock({
  id: SCHEDULE_PROBE_ID,
  name: "TestScheduleCredentialProbeBlock",
  description: "Test only: resolves its credentials and yields a SHA-256 of the api_key.",
  categories: ["BASIC"],
  input: z.object({ credentials: credentialsField({ providers: ["openai"], types: ["api_key"] }) }),
  output: z.object({ digest: z.string() }),
  async *run(input, ctx) {
    const cred = await ctx.credentials.get(input.credentials.id);
    if (!cred) {
      yield ["error", `credentials ${input.credentials.id} not available`];
      return;
    }
    yield ["digest", await sha256(cred.secret.api_key ?? "")];
  },
  tests: [],
});

export const CREDENTIAL_ECHO_ID = "00000000-0000-4000-8000-00000000c003";

/** What a careless block (or the server it calls) does with a user_password secret: repeats it, also as Basic auth. */
export const credentialEchoBlock = defineBlock({
  id: CREDENTIAL_ECHO_ID,
  name: "TestCredentialEchoBlock",
  description: "Test only: repeats its password (and its Basic auth form) in an output, a log line and its error.",
  categories: ["BASIC"],
  input: z.object({ credentials: credentialsField({ providers: ["http"], types: ["user_password"] }) }),
  output: z.object({ echo: z.string() }),
  async *run(input, ctx) {
    const cred = await ctx.credentials.get(input.credentials.id);
    const { username = "", password = "" } = cred?.secret ?? {};
    const basic = btoa(`${username}:${password}`);
    ctx.logger.warn(`server refused Basic ${basic}`, { password });
    yield ["echo", `password ${password}, header Basic ${basic}`];
    throw new Error(`upstream said 401 for Basic ${basic} (password ${password})`);
  },
  tests: [],
});
