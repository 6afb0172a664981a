/** The drag-and-drop MIME type the canvas accepts from the palette; the payload is the block id. */
export const BLOCK_MIME = "application/x-agentflare-block";
