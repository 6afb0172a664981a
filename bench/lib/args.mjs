// Command lines of the A/B scripts: `--name value` flags and bare variant words, parsed one way for all of them.

/** Splits argv into flags (`--name value`, values as strings) and the variants (every other word, in order). */
export function flagsAndVariants(argv = process.argv.slice(2)) {
  const flags = new Map();
  const variants = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) flags.set(argv[i].slice(2), argv[++i]);
    else variants.push(argv[i]);
  }
  return { flags, variants };
}
