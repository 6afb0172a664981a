// A schedule's credentials (`credentials`: graph-level credentials field → vault reference) are checked when the
// schedule is made or changed, exactly as execute checks `credentials_inputs`, and bound again at every fire, so a
// credential deleted since makes that fire FAILED_TO_START instead of a run that fails inside a node.
import { blockCatalog } from "../../blocks/catalog";
import { ApiError, badRequest } from "../errors";
import { bindRunCredentials } from "../executions/credentials";
import { preparedGraph } from "../executions/start";

/** 400 naming `credentials.<field>` when the references do not fit the graph version or are not the owner's. */
export async function checkScheduleCredentials(
  db: D1Database,
  ownerId: string,
  graphId: string,
  version: number,
  credentials: Record<string, unknown> | null | undefined,
): Promise<void> {
  const { graph } = await preparedGraph(db, ownerId, graphId, version);
  try {
    await bindRunCredentials(db, ownerId, graph, blockCatalog, credentials ?? {});
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err;
    throw badRequest(
      err.message,
      err.details.map((d) => ({ ...d, path: d.path.replace(/^credentials_inputs\./, "credentials.") })),
    );
  }
}
