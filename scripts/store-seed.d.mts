export type SeedApi = (
  path: string,
  init?: { token?: string; method?: string; json?: unknown },
) => Promise<{ status: number; body: unknown }>;
export type SeedPlan = {
  profile: Record<string, unknown>;
  listings: {
    template: string;
    slug: string;
    name: string;
    sub_heading: string;
    description: string;
    categories: string[];
  }[];
};
export function seedStore(
  api: SeedApi,
  token: string,
  plan: SeedPlan,
  load: (template: string) => unknown,
): Promise<{ published: number; approved: number; skipped: boolean }>;
