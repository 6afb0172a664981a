// Seeds the local store (npm start, and test/store-seed.test.ts): the demo user publishes the agents listed in
// store-seed.json (AutoGPT's example exports and a few of ours, from web/src/lib/templates) and, being an admin
// locally, approves them. Runs once: a user who already has submissions is left alone.

/**
 * @param {(path: string, init?: {token?: string, method?: string, json?: unknown}) => Promise<{status: number, body: any}>} api
 * @param {string} token the publishing user's session
 * @param {{profile: object, listings: {template: string, slug: string, name: string, sub_heading: string, description: string, categories: string[]}[]}} plan
 * @param {(template: string) => unknown} load the graph JSON of a template path
 * @returns {Promise<{published: number, approved: number, skipped: boolean}>}
 */
export async function seedStore(api, token, plan, load) {
  const mine = await api("/store/submissions", { token });
  if (mine.status === 200 && mine.body.items.length > 0) return { published: 0, approved: 0, skipped: true };
  // A taken username (another local user chose it) just leaves the generated one.
  await api("/store/profile", { token, method: "PUT", json: plan.profile });
  let published = 0;
  let approved = 0;
  for (const listing of plan.listings) {
    const { template, ...fields } = listing;
    const imported = await api("/graphs/import", { token, method: "POST", json: load(template) });
    if (imported.status !== 201) throw new Error(`import of ${template} failed (${imported.status})`);
    const graph = imported.body.graph;
    const sub = await api("/store/submissions", {
      token,
      method: "POST",
      json: { graph_id: graph.id, graph_version: graph.version, ...fields },
    });
    if (sub.status !== 201) throw new Error(`submission of ${template} failed (${sub.status})`);
    published++;
    const review = await api(`/store/submissions/${sub.body.id}/review`, {
      token,
      method: "POST",
      json: { status: "APPROVED", comment: "Seeded example" },
    });
    if (review.status === 200) approved++;
  }
  return { published, approved, skipped: false };
}
