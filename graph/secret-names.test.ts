import { describe, expect, it } from "vitest";
import {
  maskTextSecrets,
  REDACTED,
  redactedValues,
  redactSecretFields,
  scrubValues,
  stripSecretFields,
} from "./secret-names";

describe("secret-named fields", () => {
  it("redacts fields, [name, value] pairs and {name|key, value} entries whose name looks secret", () => {
    const input = {
      headers: [
        ["Accept", "json"],
        ["Authorization", "Bearer a1"],
      ],
      har: [
        { name: "Cookie", value: "s=1" },
        { key: "X-Api-Key", value: "k2" },
        { name: "Accept", value: "json" },
      ],
      nested: { deeper: [{ PASSWORD: "p3" }] },
    };
    const redacted = redactSecretFields(input);
    expect(redacted).toEqual({
      headers: [
        ["Accept", "json"],
        ["Authorization", REDACTED],
      ],
      har: [
        { name: "Cookie", value: REDACTED },
        { key: "X-Api-Key", value: REDACTED },
        { name: "Accept", value: "json" },
      ],
      nested: { deeper: [{ PASSWORD: REDACTED }] },
    });
    expect(redactedValues(input, redacted).sort()).toEqual(["Bearer a1", "k2", "p3", "s=1"]);
  });

  it("knows the other common names of secrets: private keys, passwd / pwd, passphrases, bearer, access and session keys", () => {
    const names = [
      "private_key",
      "privateKey",
      "passwd",
      "db_pwd",
      "passphrase",
      "bearer",
      "aws_access_key",
      "session_key",
    ];
    const redacted = redactSecretFields(Object.fromEntries(names.map((n) => [n, "s3cr3t"]))) as Record<string, unknown>;
    for (const n of names) expect(redacted[n], n).toBe(REDACTED);
    // Not every name near one is a secret: a keyboard, a session's id, a word that only contains "pwd".
    const plain = { keyboard: "x", session_id: "s1", upwdown: "u" };
    expect(redactSecretFields(plain)).toEqual(plain);
  });

  it("cuts redacted strings out of other values (4 characters or more; numbers are left alone)", () => {
    expect(
      redactedValues({ max_tokens: 1000, token: "abc" }, redactSecretFields({ max_tokens: 1000, token: "abc" })),
    ).toEqual(["abc"]);
    expect(scrubValues({ out: ["x sk-123 y", 5], e: "abc" }, ["sk-123", "abc"])).toEqual({
      out: [`x ${REDACTED} y`, 5],
      e: "abc",
    });
  });

  it("export stripping drops the value of an entry named like a secret, keeps pairs (a schema's required list)", () => {
    expect(
      stripSecretFields({
        headers: [
          ["Accept", "json"],
          ["Authorization", "Bearer a1"],
        ],
        har: [
          { name: "Cookie", value: "s=1" },
          { name: "Accept", value: "json" },
        ],
      }),
    ).toEqual({
      headers: [
        ["Accept", "json"],
        ["Authorization", "Bearer a1"],
      ],
      har: [{ name: "Cookie" }, { name: "Accept", value: "json" }],
    });
    expect(stripSecretFields({ required: ["api_key", "password"] })).toEqual({ required: ["api_key", "password"] });
  });

  it("export stripping drops secret-named strings, keeps schemas and flags", () => {
    expect(stripSecretFields({ a: { token: "t", secret: true, api_key: { type: "string" } } })).toEqual({
      a: { secret: true, api_key: { type: "string" } },
    });
  });
});

describe("credentials inside URLs", () => {
  it("masks a URL's userinfo password and secret-named query or fragment parameters, keeping the rest", () => {
    const found: string[] = [];
    const masked = maskTextSecrets(
      {
        dsn: "postgres://app:p4ss%40w0rd@db.example.com:5432/main",
        note: "call https://api.example.com/v1?api_key=sk-123&x=1 then (https://user:hunter22@x.example.com/a).",
        list: ["https://example.com/cb#access_token=tok-9&state=s1", "https://example.com/?q=token&page=2"],
      },
      redactSecretFields,
      found,
    );
    expect(masked).toEqual({
      dsn: `postgres://app:${REDACTED}@db.example.com:5432/main`,
      note: `call https://api.example.com/v1?api_key=${REDACTED}&x=1 then (https://user:${REDACTED}@x.example.com/a).`,
      list: [`https://example.com/cb#access_token=${REDACTED}&state=s1`, "https://example.com/?q=token&page=2"],
    });
    expect(found.sort()).toEqual(["hunter22", "p4ss%40w0rd", "p4ss@w0rd", "sk-123", "tok-9"]);
  });

  it("takes the userinfo to the authority's last @, as URL parsing does", () => {
    expect(maskTextSecrets("https://u:p@ss@host.example.com/x", redactSecretFields)).toBe(
      `https://u:${REDACTED}@host.example.com/x`,
    );
  });

  it("leaves text that is not a well-formed URL, users without a password, ports and paths alone", () => {
    const text = [
      "user:pass@host has no scheme",
      "https://user@example.com:8443/a&token=path-part/b",
      "http://[bad:host/?token=x",
      "ratio 3:4 at 5 o'clock",
    ];
    expect(maskTextSecrets(text, redactSecretFields)).toEqual(text);
  });

  it("cuts what it masked from other text shown next to it (an output or error repeating the URL)", () => {
    const found: string[] = [];
    maskTextSecrets("https://api.example.com/v1?token=sk-abc-123", redactSecretFields, found);
    expect(scrubValues({ error: "401 for key sk-abc-123" }, found)).toEqual({ error: `401 for key ${REDACTED}` });
  });
});

describe("secrets inside text", () => {
  it("JSON text follows the object rules (share links redact, exports strip) and is written back only if changed", () => {
    const body = '{"api_key":"sk-live-1","q":1}';
    const headers = JSON.stringify({ Authorization: "Bearer abc", Accept: "json" }, null, 2);
    const found: string[] = [];
    expect(maskTextSecrets({ body, headers }, redactSecretFields, found)).toEqual({
      body: `{"api_key":"${REDACTED}","q":1}`,
      headers: JSON.stringify({ Authorization: REDACTED, Accept: "json" }, null, 2),
    });
    expect(found.sort()).toEqual(["Bearer abc", "sk-live-1"]);
    expect(maskTextSecrets(body, stripSecretFields)).toBe('{"q":1}');
    // Nested: a URL or a header line inside a JSON string value is masked as in any other text.
    expect(maskTextSecrets('{"cmd":"X-API-Key: k1234","u":"https://h.example.com/?token=t1"}', stripSecretFields)).toBe(
      `{"cmd":"X-API-Key: ${REDACTED}","u":"https://h.example.com/?token=${REDACTED}"}`,
    );
    // Unchanged JSON text stays byte-identical, spacing and key order included.
    const plain = '{ "b": 1,  "a": [1, 2], "text": "hi" }';
    expect(maskTextSecrets(plain, stripSecretFields)).toBe(plain);
  });

  it("masks the value of header, curl, form, env and assignment lines, keeping the name and the rest", () => {
    const found: string[] = [];
    const text = [
      "Authorization: Bearer abc123",
      "X-API-Key: k123",
      `curl -H "X-API-Key: k456" -H "Accept: json" https://api.example.com/v1`,
      "api_key=sk1&x=2&password=hunter22",
      "password=hunter22",
      "OPENAI_API_KEY=sk-proj-9 npm start",
      `{"token": "t-7777777", "partial": `,
    ].join("\n");
    expect(maskTextSecrets(text, redactSecretFields, found)).toBe(
      [
        `Authorization: Bearer ${REDACTED}`,
        `X-API-Key: ${REDACTED}`,
        `curl -H "X-API-Key: ${REDACTED}" -H "Accept: json" https://api.example.com/v1`,
        `api_key=${REDACTED}&x=2&password=${REDACTED}`,
        `password=${REDACTED}`,
        `OPENAI_API_KEY=${REDACTED} npm start`,
        `{"token": "${REDACTED}", "partial": `,
      ].join("\n"),
    );
    expect([...new Set(found)].sort()).toEqual(["abc123", "hunter22", "k123", "k456", "sk-proj-9", "sk1", "t-7777777"]);
    expect(scrubValues({ error: "401 Unauthorized: sk-proj-9" }, found)).toEqual({
      error: `401 Unauthorized: ${REDACTED}`,
    });
  });

  it("leaves prose, schemas, counts, code and empty values alone", () => {
    const texts = [
      "the password: is required",
      "Set token= to nothing, or token=",
      "Enter your API key: it is on the settings page.",
      '"token_count": 5, max_tokens=1000 (usage)',
      "use_token: true",
      "class Input(BaseModel):\n    api_key: str\n    password = args.password",
      'client = OpenAI(api_key=api_key)\nheaders = {"Authorization": f"Bearer {token}"}',
      "token == other_token",
      "ratio 3:4, https://user@example.com:8443/a&token=path-part/b",
      // Names that only contain a secret word, and the bare words with a value that is no secret's.
      "Max output tokens: 4k\nsecret_santa_budget: $25\ntoken_budget=4k",
      "Summarize. Model token: gpt-4o\nsecret: none",
    ];
    for (const text of texts) {
      expect(maskTextSecrets(text, redactSecretFields), text).toBe(text);
      expect(maskTextSecrets(text, stripSecretFields), text).toBe(text);
    }
    // A schema as JSON text survives an export whole, as a schema object does; a share link shows it as it shows
    // the same object (its secret-named property redacted), a display only.
    const schema = '{"type":"object","properties":{"api_key":{"type":"string"}},"required":["api_key"]}';
    expect(maskTextSecrets(schema, stripSecretFields)).toBe(schema);
    expect(JSON.parse(maskTextSecrets(schema, redactSecretFields))).toEqual(redactSecretFields(JSON.parse(schema)));
  });
});
