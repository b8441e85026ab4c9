export interface StartedSystem {
  /** The gateway's base URL, such as http://127.0.0.1:4000 */
  gateway: string;
  chillybinUrl: string;
  jafflrUrl: string;
  /** The database's URI, and where its files are when `npm start` runs the embedded one. */
  database: { uri: string; dataDir?: string };
  adminToken: string;
}

/**
 * What `npm start` prints once everything is ready: what a person opens
 * first, the gateway's URLs, then the admin token, and last the subgraphs and
 * the database, marked internal, since they answer a browser with an error
 * (they need the gateway's subgraph secret).
 */
export function startBanner({ gateway, chillybinUrl, jafflrUrl, database, adminToken }: StartedSystem): string {
  const where = database.dataDir ? `   (embedded FerretDB, data in ${database.dataDir})` : '';
  // A MONGODB_URI of one's own may carry a password, which a terminal's scrollback should not keep.
  const uri = database.uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1…@');
  return `
home        ${gateway}/   (start here: links to everything, Apollo Sandbox when online; in development)
gateway     ${gateway}/graphql
graphiql    ${gateway}/graphiql   (in development, works offline)
kiosk       ${gateway}/kiosk
usage       ${gateway}/usage   (deprecated usage by client)
admin       authorization: Bearer ${adminToken}   (for restock and addIngredient)

internal, called by the gateway only (a browser gets an error):
chillybin   ${chillybinUrl}
jafflr      ${jafflrUrl}
database    ${uri}${where}

Ready. Ctrl-C stops everything.`;
}
