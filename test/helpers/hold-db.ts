// Opens a warehouse file and keeps it open, as the server does: tsx test/helpers/hold-db.ts <db>
import { Database } from '../../warehouse/database.ts';

const db = await Database.open(process.argv[2]!);
console.log('holding');
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
setInterval(() => undefined, 1 << 30);
