// A mobile app or script talking to Switchboard: the plain tRPC client with a bearer API token
// (create one in the console under API tokens). Fully typed from the server's router.
//
//   SWITCHBOARD_URL=http://localhost:3000 SWITCHBOARD_TOKEN=sbt_... npx tsx examples/mobile-client.ts
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../src/server/trpc/root';

const baseUrl = process.env.SWITCHBOARD_URL ?? 'http://localhost:3000';
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) {
  console.error('Set SWITCHBOARD_TOKEN to an API token (Console → API tokens).');
  process.exit(2);
}

const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${baseUrl}/api/trpc`,
      headers: () => ({ authorization: `Bearer ${token}` }),
    }),
  ],
});

const me = await client.me.get.query();
console.log(`signed in as ${me.user.name} (${me.role}) in ${me.tenant.name}, via ${me.via}`);
