// The credentials a run names, kept sealed in the run object's memory from its start: the Worker reads the rows
// (still encrypted) while it checks them before the run starts and hands them over with the start request, so a
// model call decrypts in memory (the key is imported once per isolate) instead of another D1 read per node
// execution. Nothing decrypted is kept, nothing is stored. A row the run was not given (or an object restarted
// since) is read from D1 as before, for the run's owner only.
import type { ResolvedCredentials } from "../blocks/contract";
import { VaultConfigError } from "./vault-cipher";
import { decryptRow, readCredential, type SealedCredentialRow } from "./vault-read";

export class RunCredentials {
  private readonly sealed = new Map<string, SealedCredentialRow>();

  /** The rows the start request carried (the Worker read them for the run's owner). */
  seed(rows: readonly SealedCredentialRow[] | undefined): void {
    for (const row of rows ?? []) this.sealed.set(row.id, row);
  }

  /** What a sub-run of the same owner starts with. */
  rows(): SealedCredentialRow[] {
    return [...this.sealed.values()];
  }

  /**
   * The owner's credential, decrypted; null for an unknown id or another user's.
   * @example const cred = await runCredentials.read(env, run.ownerId, id);
   */
  async read(env: Env, ownerId: string, id: string): Promise<ResolvedCredentials | null> {
    const row = this.sealed.get(id);
    if (row && row.owner_id === ownerId) {
      try {
        return await decryptRow(env, row);
      } catch (err) {
        // Re-encrypted under a key this isolate no longer holds (rotation during the run): D1 has the new row.
        if (!(err instanceof VaultConfigError)) throw err;
        this.sealed.delete(id);
      }
    }
    return readCredential(env, ownerId, id);
  }
}
