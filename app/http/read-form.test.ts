// An admin action reads its form through readForm: a body that is not a form is a 400, not Remix's 500.
import { describe, expect, it } from "vitest";
import { readForm } from "./read-form";

const post = (body: string, contentType?: string) =>
  new Request("https://tsunagu.example/app/settings", {
    method: "POST",
    headers: contentType ? { "Content-Type": contentType } : {},
    body,
  });

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("readForm returned a form");
}

describe("readForm", () => {
  it("returns the fields of a urlencoded form", async () => {
    const form = await readForm(post("intent=save&days=90", "application/x-www-form-urlencoded"));
    expect([...form.entries()]).toEqual([
      ["intent", "save"],
      ["days", "90"],
    ]);
  });

  it.each([
    ["JSON", '{"intent":"save"}', "application/json"],
    ["plain text", "intent=save", "text/plain"],
    ["a body without a Content-Type", "intent=save", undefined],
  ])("answers %s with a 400 that says a form was expected", async (_, body, contentType) => {
    const response = await thrownResponse(readForm(post(body, contentType)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "not_a_form",
      expected: "application/x-www-form-urlencoded or multipart/form-data",
    });
  });
});
