// The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (no
// browser download). DashboardBrowserTest starts the server and passes, in the environment:
// DASHBOARD_URL, DASHBOARD_TOKEN, DASHBOARD_RUN (a finished run's id), DASHBOARD_WAITING_RUN (a
// run waiting for input "Ship it?"), SCREENSHOTS (a folder). The dashboard shows clusters blue and
// green, both with release shop in development, and cluster down, which nothing answers for.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const base = process.env.DASHBOARD_URL;
const token = process.env.DASHBOARD_TOKEN;
const runId = process.env.DASHBOARD_RUN;
const waitingRunId = process.env.DASHBOARD_WAITING_RUN;
const shots = process.env.SCREENSHOTS;
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({
  executablePath: chromiumPath,
  // root in CI containers: Chromium's sandbox needs user namespaces that may not be there
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
let failed = false;
const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
const shot = (name) => page.screenshot({ path: path.join(shots, name + ".png"), fullPage: true });
try {
  // Strangers are sent to sign in; signing in works from the keyboard alone.
  await page.goto(base);
  assert.match(page.url(), /\/login$/);
  await page.getByLabel("Token").fill(token);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Dana");
  await shot("01-sign-in");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();
  assert.equal(await page.locator("#who").textContent(), "Dana");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "tagship_session");
  assert.ok(session.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session.sameSite, "Strict");
  assert.ok(!(await page.content()).includes(token), "the token is never rendered");
  await shot("02-runs");
  console.log("signed in and saw the runs");

  // Open a run and see its stages, parallel branches inside their stage.
  await page.getByRole("link", { name: "deploy #1" }).first().click();
  await page.getByRole("heading", { level: 1, name: "deploy #1" }).waitFor();
  const stages = page.getByRole("list", { name: "Stages" });
  await stages.locator('[data-stage="Deploy"]').waitFor();
  for (const name of ["Build", "Checks", "Deploy"]) {
    assert.ok(await stages.locator(`[data-stage="${name}"]`).isVisible(), `stage ${name} shown`);
  }
  const inside = page.getByRole("list", { name: "Inside Checks" });
  assert.ok(await inside.locator('[data-stage="Unit"]').isVisible(), "parallel branch Unit shown inside Checks");
  assert.match(await stages.locator('[data-stage="Build"]').textContent(), /success/);
  await page.locator("#log").getByText("Finished: SUCCESS").waitFor();
  assert.ok(!(await page.locator("main").textContent()).includes("[object"), "everything rendered as text");
  await shot("03-run");
  console.log("opened run " + runId + " and saw its stages and log");

  // A stage's own log, as in Jenkins' stage view: chosen from the keyboard, then the whole log back.
  await stages.locator('[data-stage="Checks"]').focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Log of stage Checks" }).waitFor();
  const checksLog = await page.locator("#log").textContent();
  assert.match(checksLog, /\[Unit\] unit/, "the log of Checks holds its parallel branches' lines");
  assert.ok(!checksLog.includes("deploying to"), "the log of Checks leaves out the Deploy stage");
  assert.equal(await stages.locator('[data-stage="Checks"]').getAttribute("aria-pressed"), "true");
  await shot("03b-stage-log");
  await page.getByRole("button", { name: "Show the whole log" }).click();
  await page.getByRole("heading", { name: "Log", exact: true }).waitFor();
  assert.match(await page.locator("#log").textContent(), /deploying to/);
  console.log("showed the log of one stage, then the whole log");

  // A run waiting for input: answer it on its page, and see it finish.
  await page.goto(base + "#/runs/" + waitingRunId);
  await page.getByRole("heading", { level: 3, name: "Waiting for input in Approve" }).waitFor();
  await page.getByLabel("TARGET").selectOption("prod");
  await page.getByRole("button", { name: "Ship" }).click();
  await page.locator("#result").getByText("SUCCESS").waitFor({ timeout: 60000 });
  await page.locator("#log").getByText("shipping to prod").waitFor();
  assert.equal(await page.getByRole("heading", { name: "Waiting for input in Approve" }).count(), 0, "the answered input is gone");
  console.log("answered the input from the page and saw the run finish");

  // Releases, by cluster: the unreachable one says so; roll back green's shop to revision 1.
  await page.getByRole("link", { name: "Releases" }).click();
  const button = page.getByRole("button", { name: "Roll back shop in development on green to revision 1" });
  await button.waitFor();
  for (const name of ["Cluster blue", "Cluster green", "Cluster down"]) {
    assert.ok(await page.getByRole("heading", { level: 2, name }).isVisible(), name + " shown");
  }
  assert.match(await page.locator("#cluster-down").getByRole("alert").textContent(), /Cluster down is unreachable/);
  assert.equal(await page.getByRole("button", { name: /Roll back shop in development on blue/ }).count(), 1);
  console.log("saw clusters blue and green, and saw cluster down unreachable");
  await shot("04-releases");
  await button.focus();
  await page.keyboard.press("Enter");
  const result = page.locator("#rollback-result");
  await result.waitFor({ timeout: 90000 });
  assert.match(await result.textContent(), /now revision 3/);
  const green = page.locator("#cluster-green");
  const current = green.locator('tr[data-revision="3"]');
  assert.match(await current.textContent(), /\(current\)/);
  assert.match(await current.textContent(), /2\.0\.0/);
  assert.equal(await page.locator("#cluster-blue").locator('tr[data-revision="3"]').count(), 0, "blue is untouched");
  await shot("05-rolled-back");
  console.log("rolled back on green with the button and saw revision 3");
} catch (error) {
  failed = true;
  console.error("FAILED: " + (error && error.stack ? error.stack : error));
  await shot("failure").catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
