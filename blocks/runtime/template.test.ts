import { describe, expect, it } from "vitest";
import { MAX_TEMPLATE_CHARS, percentFormat, renderTemplate, TemplateError } from "./template";

describe("renderTemplate", () => {
  it("renders variables, attribute and index access, filters, loops and conditionals", () => {
    const out = renderTemplate(
      "{{ user.name | title }} has {{ items | length }} items: {% for i in items %}{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}. First tag: {{ tags[0] }}",
      { user: { name: "ada lovelace" }, items: ["a", "b", "c"], tags: ["x"] },
    );
    expect(out).toBe("Ada Lovelace has 3 items: a, b, c. First tag: x");
  });

  it("prints values the way Jinja2 does in Python: True, None, list and dict reprs", () => {
    expect(
      renderTemplate("{{ t }} {{ n }} {{ l }} {{ d }}", {
        t: true,
        n: null,
        l: ["a", "it's", 1.5],
        d: { k: [false, null], "a\nb": "x" },
      }),
    ).toBe(`True None ['a', "it's", 1.5] {'k': [False, None], 'a\\nb': 'x'}`);
  });

  it("prints nothing for statements such as set", () => {
    expect(renderTemplate("{% set x = 1 %}[{{ x }}]{% set y %}inner{% endset %}[{{ y }}]", {})).toBe("[1][inner]");
  });

  it("renders an undefined variable as empty text, like Jinja2's default Undefined", () => {
    expect(renderTemplate("[{{ missing }}]", {})).toBe("[]");
  });

  it("applies AutoGPT's format filter to numbers", () => {
    expect(
      renderTemplate("{{ p | format('%.2f') }} {{ n | format('%05d') }} {{ p | format }}", { p: 2.71234, n: 42 }),
    ).toBe("2.71 00042 2.71234");
  });

  it("escapes inserted values, not the template, when escapeHtml is on", () => {
    expect(renderTemplate("<b>{{ x }}</b>", { x: `<script>"&'` }, { escapeHtml: true })).toBe(
      "<b>&lt;script&gt;&#34;&amp;&#39;</b>",
    );
    expect(renderTemplate("<b>{{ x }}</b>", { x: "<i>" })).toBe("<b><i></b>");
  });

  it("is sandboxed: no globals such as range, and functions in values never reach the template", () => {
    expect(() => renderTemplate("{% for i in range(1000000000) %}x{% endfor %}", {})).toThrow(TemplateError);
    expect(renderTemplate("[{{ f }}]", { f: () => "called" })).toBe("[]");
  });

  it("reports syntax errors as TemplateError", () => {
    expect(() => renderTemplate("{{ x", {})).toThrow(/Invalid template/);
    expect(() => renderTemplate("{% if %}", {})).toThrow(TemplateError);
  });

  it("refuses oversized templates", () => {
    expect(() => renderTemplate("x".repeat(MAX_TEMPLATE_CHARS + 1), {})).toThrow(/longer than/);
  });
});

describe("percentFormat (Python's % for one number)", () => {
  it.each([
    ["%.2f", 1.23456, "1.23"],
    ["%d", 7.9, "7"],
    ["%5.1f", 2.26, "  2.3"],
    ["%-6d|", 12, "12    |"],
    ["%+d", 5, "+5"],
    ["%x", 255, "ff"],
    ["%.3e", 12345.678, "1.235e+04"],
    ["%g", 0.0001, "0.0001"],
    ["%g", 1234567, "1.23457e+06"],
    ["%.1f%%", 12.34, "12.3%"],
    ["$%,d", 1, "$%,d"],
  ])("%s of %s is %s", (pattern, value, expected) => {
    expect(percentFormat(pattern, value)).toBe(expected);
  });
});
