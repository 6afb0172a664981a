import type { AnyBlock } from "../contract";
import { genericWebhookTriggerBlock } from "./generic-webhook-trigger";

export const webhookBlocks: AnyBlock[] = [genericWebhookTriggerBlock];
