// The owner's completion-callback signing secret: derived from the server's key, the owner id and the owner's
// callback secret generation, so it is never stored, and the owner can replace a leaked one (rotate) without the
// operator rotating JWT_SECRET for everyone. Read from D1 at each delivery, so queued callbacks use the current one.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { users } from "../../db/schema";
import { hmacHex } from "./hmac";

// Generation 0 derives the secret as it was before rotation existed: receivers set up then keep verifying.
const derive = (env: Env, ownerId: string, generation: number) =>
  hmacHex(env.JWT_SECRET, `agentflare-callback\u0000${ownerId}${generation ? `\u0000${generation}` : ""}`);

/** The owner's current callback signing secret: what every callback delivery is signed with. */
export async function callbackSecret(env: Env, ownerId: string): Promise<string> {
  const row = await drizzle(env.DB)
    .select({ generation: users.callbackSecretGeneration })
    .from(users)
    .where(eq(users.id, ownerId))
    .get();
  return derive(env, ownerId, row?.generation ?? 0);
}

/** A new signing secret for the owner (the old one stops signing at once, queued deliveries included). */
export async function rotateCallbackSecret(env: Env, ownerId: string): Promise<string> {
  const row = await drizzle(env.DB)
    .update(users)
    .set({ callbackSecretGeneration: sql`${users.callbackSecretGeneration} + 1` })
    .where(eq(users.id, ownerId))
    .returning({ generation: users.callbackSecretGeneration })
    .get();
  return derive(env, ownerId, row?.generation ?? 0);
}
