// The form an admin page posts (a Remix <Form> or fetcher: urlencoded or multipart). Any other body —
// JSON, plain text, no Content-Type — makes Request.formData() throw a TypeError, which Remix answers
// 500; here it is a 400 that names what was expected, and the action changes nothing.
import { json } from "@remix-run/node";

/** The posted form; throws a 400 Response when the body is not one. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ error: "not_a_form", expected: "application/x-www-form-urlencoded or multipart/form-data" }, { status: 400 });
  }
}
