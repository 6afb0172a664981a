// Templates are user input: rendering is bounded while it runs (steps, text produced), and a template sees
// no library internals. Each case here ran for tens of seconds, ran out of memory or printed source before.
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATE_LIMITS, renderTemplate, TemplateError } from "./template";

const list = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("template bounds", () => {
  it("stops three nested loops (1,000 × 1,000 × 30) at the step limit with a clear error", () => {
    const values = { a: list(1000), b: list(1000), c: list(30) };
    expect(() =>
      renderTemplate(
        "{% for x in a %}{% for y in b %}{% for z in c %}{{ z }}{% endfor %}{% endfor %}{% endfor %}",
        values,
      ),
    ).toThrow(new TemplateError(`Template took more than ${DEFAULT_TEMPLATE_LIMITS.steps} steps (MAX_TEMPLATE_STEPS)`));
  });

  it("stops output growing past the limit during rendering, not after", () => {
    const values = { a: list(200), big: "x".repeat(50_000) };
    expect(() => renderTemplate("{% for i in a %}{{ big }}{% endfor %}", values, { maxChars: 1_000_000 })).toThrow(
      /Rendered text is longer than 1000000 characters/,
    );
    expect(() => renderTemplate("{{ s | indent(100000000) }}", { s: "a\nb" })).toThrow(/width is larger than 1000/);
    // One for-statement concatenating 40,000 × 50,000 characters inside itself is stopped while it grows.
    expect(() =>
      renderTemplate("{% for i in a %}{% for j in a %}{{ big }}{% endfor %}{% endfor %}", values, {
        maxChars: 1_000_000,
      }),
    ).toThrow(/longer than 1000000 characters/);
  });

  it("honours smaller configured limits", () => {
    expect(() => renderTemplate("{% for x in a %}{{ x }}{% endfor %}", { a: list(100) }, { steps: 50 })).toThrow(
      /more than 50 steps/,
    );
    expect(renderTemplate("{% for x in a %}{{ x }}{% endfor %}", { a: list(10) }, { steps: 50 })).toBe("0123456789");
  });

  it("prints no library internals for built-in names", () => {
    for (const name of ["namespace", "namespace.__class__", "range", "raise_exception", "cycler", "joiner"]) {
      const out = renderTemplate(`[{{ ${name} }}]`, {});
      expect(out).not.toMatch(/=>|return|throw|[{}]/);
      expect(out.length).toBeLessThan(40);
    }
  });
});
