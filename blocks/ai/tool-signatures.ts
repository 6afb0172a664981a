// The function signatures SmartDecisionMaker offers the model: one per node linked from its tool pins, with one
// parameter per linked pin (AutoGPT's _create_block_function_signature / _create_agent_function_signature).
import type { ToolTarget } from "../contract";
import type { ToolSpec } from "../llm/call";

export type ToolFunction = ToolSpec & {
  /** The node the call runs. */
  sinkNodeId: string;
  /** Parameter name (cleaned for the provider) → the node's pin name. */
  fieldMapping: Record<string, string>;
  /** The whole call's arguments go, as one object, to this pin (an MCP tool's `arguments`). */
  packInto?: string;
};

/** AutoGPT's SmartDecisionMakerBlock.cleanup: provider-safe names. */
export const cleanup = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, "_").toLowerCase();

const AGENT_EXECUTOR_ID = "e189baac-8c20-45a1-94a7-55177ea42565";
const MCP_TOOL_ID = "6d3f1c2a-8b4e-4f7a-9c5d-2e1b0a9f8c71";
const DYNAMIC = /_[#$@]_/;

type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: unknown };

function blockSignature(target: ToolTarget): Omit<ToolFunction, "name"> & { baseName: string } {
  const schema = target.inputSchema as Schema;
  const props = schema.properties ?? {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const properties: Record<string, unknown> = {};
  const fieldMapping: Record<string, string> = {};
  const requiredFields: string[] = [];
  for (const field of target.fields) {
    const clean = cleanup(field);
    fieldMapping[clean] = field;
    if (DYNAMIC.test(field)) {
      properties[clean] = { type: "string", description: `Dynamic value for ${field}` };
      if (required.has(field.split(DYNAMIC)[0] as string)) requiredFields.push(clean);
    } else {
      const fieldSchema = props[field];
      properties[clean] =
        fieldSchema && typeof fieldSchema === "object"
          ? fieldSchema
          : { type: "string", description: `Value for ${field}` };
      if (required.has(field)) requiredFields.push(clean);
    }
  }
  return {
    baseName: cleanup(target.customizedName || target.blockName),
    description: target.description,
    parameters: {
      type: "object",
      properties,
      additionalProperties: false,
      required: [...new Set(requiredFields)].sort(),
    },
    sinkNodeId: target.nodeId,
    fieldMapping,
  };
}

function agentSignature(target: ToolTarget): Omit<ToolFunction, "name"> & { baseName: string } {
  const inputSchema = (target.inputDefault.input_schema ?? {}) as Schema;
  const props = (inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const properties: Record<string, unknown> = {};
  const fieldMapping: Record<string, string> = {};
  for (const field of target.fields) {
    const clean = cleanup(field);
    fieldMapping[clean] = field;
    const prop = props[field] ?? {};
    properties[clean] = {
      type: "string",
      description: typeof prop.description === "string" ? prop.description : `The ${field} of the tool`,
      default: JSON.stringify(prop.default ?? null),
    };
  }
  const name = target.customizedName || String(target.inputDefault.agent_name ?? "") || "agent";
  return {
    baseName: cleanup(name),
    description:
      typeof inputSchema.description === "string" && inputSchema.description
        ? inputSchema.description
        : `Runs the agent ${name}`,
    parameters: { type: "object", properties, additionalProperties: false },
    sinkNodeId: target.nodeId,
    fieldMapping,
  };
}

/**
 * An MCPToolBlock whose `arguments` pin is the tool link and whose node names its tool and that tool's input
 * schema: the model sees the MCP tool itself (its name, description, parameters) and its arguments travel to
 * `arguments` as one object.
 */
function mcpSignature(target: ToolTarget): (Omit<ToolFunction, "name"> & { baseName: string }) | null {
  const d = target.inputDefault;
  const schema = d.tool_input_schema as Schema | undefined;
  if (!target.fields.includes("arguments") || typeof d.tool_name !== "string" || !d.tool_name) return null;
  if (!schema || typeof schema !== "object" || !schema.properties) return null;
  return {
    baseName: cleanup(target.customizedName || d.tool_name),
    description: (typeof d.tool_description === "string" && d.tool_description) || `Calls the MCP tool ${d.tool_name}`,
    parameters: {
      type: "object",
      properties: schema.properties,
      additionalProperties: false,
      required: Array.isArray(schema.required) ? [...(schema.required as string[])].sort() : [],
    },
    sinkNodeId: target.nodeId,
    fieldMapping: Object.fromEntries(Object.keys(schema.properties).map((k) => [k, k])),
    packInto: "arguments",
  };
}

/** Signatures for every tool node; names made unique (two nodes of one block would otherwise collide). */
export function toolFunctions(targets: readonly ToolTarget[]): ToolFunction[] {
  const used = new Map<string, number>();
  return targets.map((target) => {
    const { baseName, ...rest } =
      target.blockId === AGENT_EXECUTOR_ID
        ? agentSignature(target)
        : ((target.blockId === MCP_TOOL_ID ? mcpSignature(target) : null) ?? blockSignature(target));
    const n = (used.get(baseName) ?? 0) + 1;
    used.set(baseName, n);
    return { name: n === 1 ? baseName : `${baseName}_${n}`, ...rest };
  });
}
