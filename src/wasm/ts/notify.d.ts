/** A notification request as received: headers (a record or a `Headers`) and the raw body. */
export interface NotificationInput {
  headers: Record<string, string> | { forEach(cb: (value: string, key: string) => void): void };
  /** The body exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
}

/** What `handleNotification` resolves to: the verified, typed notification and the reply to send. */
export interface HandledNotification<T> {
  notification: T;
  reply: NotificationReply;
}

/**
 * A notification request as a server receives it: `{ headers, body }` with the body exactly as
 * received, a Web `Request`, or Node's `IncomingMessage` (read here; a Buffer `body` or
 * `rawBody` a raw body parser left is used instead, a parsed body is refused with the fix).
 */
export type NotificationRequest =
  | NotificationInput
  | { headers: unknown; arrayBuffer(): Promise<ArrayBuffer>; readonly bodyUsed: boolean; readonly body: unknown }
  | (AsyncIterable<unknown> & { headers: Record<string, string | string[] | undefined>; on(event: string, listener: (...args: any[]) => void): unknown });

/** Options of `handleNotification` and the adapters. */
export interface NotificationOptions {
  /** Largest body read, bytes (default 65 536, at most 1 048 576). */
  limit?: number | undefined;
  /** Adapters only: sees a refused notification's error or your handler's error (log it). */
  onError?: ((error: unknown) => void) | undefined;
}

/** A client that receives notifications. */
export interface NotificationReceiver<T> {
  handleNotification(request: NotificationRequest, options?: NotificationOptions): Promise<HandledNotification<T>>;
  notificationReply(code?: PayQueryErrorCode | (string & {})): NotificationReply;
}

/** Your handling of a verified notification; a throw makes the provider deliver it again. */
export type OnNotification<T, R> = (notification: T, request: R) => unknown;

/** Reads the raw `{ headers, body }` of a notification request (see {@link NotificationRequest}). */
export function readNotificationRequest(
  request: NotificationRequest,
  options?: NotificationOptions,
): Promise<{ headers: Record<string, string>; body: Uint8Array }>;
/** Express/Connect middleware. Mount without `express.json()` on that route, or with `express.raw({ type: '*\/*' })`. */
export function expressNotificationHandler<T>(client: NotificationReceiver<T>, onNotification: OnNotification<T, any>, options?: NotificationOptions): (req: any, res: any, next: (err?: unknown) => void) => void;
/** Koa middleware: uses `ctx.request.rawBody` when a body parser kept it, else reads `ctx.req`. */
export function koaNotificationHandler<T>(client: NotificationReceiver<T>, onNotification: OnNotification<T, any>, options?: NotificationOptions): (ctx: any) => Promise<void>;
/** Fastify route handler; in its scope, `removeAllContentTypeParsers()` then add a `'*'` parser with `parseAs: 'buffer'`. */
export function fastifyNotificationHandler<T>(client: NotificationReceiver<T>, onNotification: OnNotification<T, any>, options?: NotificationOptions): (request: any, reply: any) => Promise<unknown>;
/** A Web-standard handler (workerd, Deno, Bun, Node 18+). */
export function webNotificationHandler<T>(client: NotificationReceiver<T>, onNotification: OnNotification<T, any>, options?: NotificationOptions): (request: any) => Promise<any>;
/** A WeChat cloud function HTTP trigger: `{ headers, body, isBase64Encoded }` in, `{ statusCode, headers, body }` out. */
export function cloudFunctionNotificationHandler<T>(client: NotificationReceiver<T>, onNotification: OnNotification<T, any>, options?: NotificationOptions): (event: unknown, context?: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: false }>;
