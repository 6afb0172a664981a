// The Worker logs through the one logger shared with the Durable Objects (engine/log.ts).
export { type LogLevel, log, logger } from "../engine/log";
