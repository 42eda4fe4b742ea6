/**
 * How the CLI tells a person where the dashboard is. With an API token the page needs the token too:
 * it is opened as <url>/#token=<token> (a fragment, never sent to the server). The token itself is not
 * printed, since stderr ends up in logs (docker logs, CI output); the person has it already.
 */
export function dashboardTokenHint(url: string, token: string | undefined): string {
  return token === undefined ? '' : ` — it needs the API token: open ${url}/#token=<token>`;
}
