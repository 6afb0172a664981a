// Only the root page is prerendered: it yields the index.html shell the asset server falls back to.
export const prerender = true;
