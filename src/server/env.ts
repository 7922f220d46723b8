// Server configuration, read once from the environment and validated.
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Owner connection: migrations, graphile-worker's own schema. */
  DATABASE_URL: z.string().url().optional(),
  /** Runtime connection as the non-owner role; derived from DATABASE_URL when unset. */
  APP_DATABASE_URL: z.string().url().optional(),
  APP_DB_PASSWORD: z.string().min(1).default('switchboard-app-dev'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  SENTRY_DSN: z.string().url().optional(),
  /** Proxies of our own in front of the web process (each appends to X-Forwarded-For); 0 = none, the socket's peer is the client. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /** Bearer token for /metrics (web and worker). Unset → /metrics answers loopback peers only. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** tRPC calls per tenant per minute, across all processes (generous: a console page makes several). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** Unverified webhook deliveries (refused before their signature held) per client address and provider per minute, across all processes. */
  WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).default(100),
  /** Verified webhook deliveries per connection per minute, across all processes. */
  WEBHOOK_CONNECTION_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .default(200_000),
  /** 32 bytes, base64 or hex: encrypts webhook secrets at rest (AES-256-GCM). Required in production. */
  SECRETS_ENCRYPTION_KEY: z.string().optional(),
  /** Stripe API key (sk_…): real Checkout sessions. Unset → the local Checkout simulator. */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  /** The app's public base URL (Checkout return URLs; where the simulator posts its webhooks). Default http://localhost:PORT. */
  APP_URL: z.string().url().optional(),
  /** Self-service sign-up at /signup ('true' | 'false'). Unset: on in development, tests and the demo, off in production. */
  SIGNUP_ENABLED: z.enum(['true', 'false']).optional(),
  /** Sign-up attempts per client address per hour (an existing e-mail is named in the answer). */
  SIGNUP_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Outgoing mail for invitations: smtp://user:pass@host:587 or smtps://…:465. Unset → not e-mailed; the admin passes the link on. */
  SMTP_URL: z.string().url().optional(),
  /** The From of that mail. */
  MAIL_FROM: z.string().min(3).max(254).default('Switchboard <no-reply@switchboard.invalid>'),
  /** ISO country (e.g. DE) for phone numbers written without +country code, when a form or import names none. */
  DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'two upper-case letters, e.g. DE')
    .optional(),
  /** Twilio Messaging (all of SID + token + a sender set → the real API; otherwise the local simulator). */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex characters')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'MG followed by 32 hex characters')
    .optional(),
  /** Sender number (E.164) or alphanumeric sender id, when no messaging service is used. */
  TWILIO_FROM: z.string().min(1).max(64).optional(),
  /** Twilio simulator: 'http' (the real SDK over HTTP to /api/simulators/twilio) or 'inprocess' (zero latency, benchmarks). */
  SIM_TWILIO_MODE: z.enum(['http', 'inprocess']).default('http'),
  /** The simulator's own account credentials (Basic auth of its API); fixed dev defaults when unset. */
  SIM_TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex characters')
    .optional(),
  SIM_TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  /** Share of message bodies (by hash) the simulator refuses with a transient 503, 0..1. */
  SIM_TWILIO_FAIL_RATE: z.coerce.number().min(0).max(1).default(0),
  /** Extra numbers the simulator refuses as invalid (21211), comma-separated E.164. */
  SIM_TWILIO_INVALID_NUMBERS: z.string().default(''),
  /** Delay before the simulator posts a message's status callbacks. */
  SIM_TWILIO_STATUS_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /** The call-analysis service's API base URL (…/v1/jobs lives under it). Unset → the local simulator at APP_URL/api/simulators/analysis. */
  ANALYSIS_API_URL: z.string().url().optional(),
  /** Bearer key for ANALYSIS_API_URL. */
  ANALYSIS_API_KEY: z.string().min(8).optional(),
  /** The analysis simulator's own API key (what it accepts as Bearer); a fixed dev default when unset. */
  SIM_ANALYSIS_API_KEY: z.string().min(8).default('sim_analysis_local_key'),
  /** How long an analysis may stay quiet (no callback, no result) before the poller asks the provider. */
  ANALYSIS_POLL_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /** An OpenAI-compatible chat-completions API key: set → the answering engine asks that model, grounded on the tenant's articles; unset → the built-in answerer. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Base URL of the API (…/chat/completions and …/models live under it). Point it at APP_URL/api/simulators/openai/v1 with SIM_OPENAI_API_KEY to use the local simulator. */
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  /** The chat model asked. */
  OPENAI_MODEL: z.string().min(1).max(200).default('gpt-4o-mini'),
  /** One chat-completions attempt, connect to last byte; transient failures are retried within the answer's budget. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  /** The OpenAI simulator's own API key (what it accepts as Bearer); a fixed dev default when unset. */
  SIM_OPENAI_API_KEY: z.string().min(8).default('sim_openai_local_key'),
  /** Campaign SMS each tenant may send per minute, across all workers (Twilio queues what it cannot pass on at once). */
  CAMPAIGN_SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(30_000),
  /** Messages one batch job has in flight at once. */
  CAMPAIGN_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  /** How long a caller's turn waits for the answer before hearing a holding phrase (Twilio gives up at 15 s). */
  VOICE_ANSWER_BUDGET_MS: z.coerce.number().int().min(50).max(10_000).default(2_500),
  /** Hold polls (about VOICE_ANSWER_BUDGET_MS + 1 s each) before the caller is handed to a person. */
  VOICE_MAX_HOLDS: z.coerce.number().int().min(1).max(20).default(6),
  /** A call with no terminal status this many minutes after its last event is asked about at the Calls API. */
  VOICE_RECONCILE_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Questions and speech per tenant per minute through the assistant (POST /api/v1/text and /api/v1/tts, the console's assistant.*), across all processes. */
  ASSISTANT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Text-to-speech engine: 'auto' (OpenAI's speech API when OPENAI_API_KEY is set, else eSpeak NG offline), or force 'espeak' / 'openai'. */
  TTS_ENGINE: z.enum(['auto', 'espeak', 'openai']).default('auto'),
  /** eSpeak NG worker threads per process (each makes one clip at a time). */
  TTS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Clips that may wait for a thread; past that a request is refused (503) instead of queueing. */
  TTS_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(32),
  /** The longest one clip may take (eSpeak NG or OpenAI's speech API). */
  TTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Where recorded visits' audio is stored (local storage): <dir>/<tenant>/<session>/<upload>.<ext>. */
  RECORDINGS_DIR: z.string().min(1).default('.data/recordings'),
  /** Largest audio upload accepted, in bytes (413 above it); default 200 MiB. */
  RECORDING_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2_147_483_647)
    .default(200 * 1024 * 1024),
  /** A recording still PENDING/RECORDING this long after it started is marked ABANDONED by the reaper. */
  RECORDING_ABANDON_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(180),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}

/** Tests change DATABASE_URL per file before anything connects. */
export function resetEnvForTests(): void {
  cached = undefined;
}

export function requireDatabaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
  return url;
}

/** Dev-only secret so `npm start` works without configuration; production must set its own. */
export function getAuthSecret(): string {
  const env = getEnv();
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.NODE_ENV === 'production' && process.env.SWITCHBOARD_DEMO !== '1') {
    throw new Error('NEXTAUTH_SECRET must be set in production');
  }
  return 'switchboard-development-secret-not-for-production';
}
