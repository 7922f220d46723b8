// Node/V8 flags for the web process, used by every launcher of it (scripts/start.ts, the benches).
//
// --max-semi-space-size=64 (MiB; Node 20's default is 16): Next.js allocates ~20-35 KB per
// request that outlives two young-generation collections at the default size and is promoted,
// so at a few hundred requests a second the old generation grows by ~30 MB/s of garbage and a
// full mark-compact of a ~700 MB heap stalls every response for 100-200 ms every 20-40 s. A
// larger young generation lets most of it die young (bench/webhooks: slowest response at half
// the peak 45-81 ms instead of 168-175 ms; README, Benchmarks). Costs at most 3 x 64 MiB of
// address space.
export const WEB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
