// The fields every Agent*Input block shares (AutoGPT's AgentInputBlock.Input). Subtypes only change
// the type of `value` and of the `result` pin, so graphs compute typed input schemas from them.
// `defineValueInputBlock` declares the subtypes that do nothing else.
import { z } from "zod";
import { type BlockTestVector, defineBlock } from "../contract";

export const agentInputFields = {
  name: z.string().describe("The name of the input."),
  title: z.string().nullable().default(null).meta({ description: "The title of the input.", advanced: true }),
  description: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: "The description of the input.", advanced: true }),
  placeholder_values: z
    .array(z.unknown())
    .default(() => [])
    .meta({ description: "The placeholder values to be passed as input.", advanced: true }),
  advanced: z.boolean().default(false).meta({
    description: "Whether to show the input in the advanced section, if the field is not required.",
    advanced: true,
  }),
  secret: z
    .boolean()
    .default(false)
    .meta({ description: "Whether the input should be treated as a secret.", advanced: true }),
};

/** Input blocks emit their value on `result` when it is set (AutoGPT skips `None`). */
export async function* emitValue<T>(
  value: T | null | undefined,
): AsyncGenerator<readonly ["result", T], void, undefined> {
  if (value !== null && value !== undefined) yield ["result", value] as const;
}

/** The usual vector pair for an input subtype: each value comes back on `result`. */
export const passThroughVectors = (name: string, values: unknown[]): BlockTestVector[] =>
  values.map((value, i) => ({
    input: { name: `${name}_${i + 1}`, value, description: `${name} example ${i + 1}` },
    expect: [["result", value]],
  }));

/** What tells one pass-through input subtype from another. */
type ValueInputSpec = {
  id: string;
  name: string;
  description: string;
  /** The `value` pin: the subtype's type, nullable (or defaulted), with its title and format. */
  value: z.ZodType;
  /** The `result` pin: the same type, not nullable. */
  result: z.ZodType;
  tests: BlockTestVector[];
};

/**
 * An Agent*Input subtype that emits its `value` on `result` (AutoGPT's short/long text, number, toggle, date
 * and time inputs): the shared input fields plus `value`, static output, INPUT type.
 * @example
 * defineValueInputBlock({ id, name, description, value: z.number().nullable().default(null),
 *   result: z.number(), tests: passThroughVectors("number_input", [42]) });
 */
export const defineValueInputBlock = (spec: ValueInputSpec) =>
  defineBlock({
    inMemory: true,
    id: spec.id,
    name: spec.name,
    description: spec.description,
    categories: ["INPUT", "BASIC"],
    blockType: "INPUT",
    staticOutput: true,
    input: z.object({ ...agentInputFields, value: spec.value }),
    output: z.object({ result: spec.result }),
    run: (input) => emitValue(input.value),
    tests: spec.tests,
  });
