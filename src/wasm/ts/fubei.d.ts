/** Fubei parameters to sign: values are strings (numbers and booleans are converted; null is skipped). */
export type FubeiParams = Record<string, string | number | boolean | null | undefined>;

interface FubeiConfigCommon {
  /** The app secret (the service provider's secret with `vendorSn`). Never shown in errors. */
  appSecret: string;
  /** Default `https://shq-api.51fubei.com` (paths `/gateway` for 1.0, `/gateway/agent` for 2.0). */
  baseUrl?: string | undefined;
  /** A fetch implementation; default the runtime's global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on transient failures (default 2; at most 10). */
  retries?: number | undefined;
  /** A host for attempts after the primary failed (transport error or 5xx); none by default. */
  backupBaseUrl?: string | null | undefined;
}

/**
 * Configuration of {@link Fubei}: a merchant `appId` (1.0 or 2.0), or a service provider
 * `vendorSn` with the `merchantId` queried for (2.0). Unknown keys are refused (`INVALID_CONFIG`).
 */
export type FubeiConfig =
  | (FubeiConfigCommon & { appId: string; vendorSn?: undefined; api: '1.0' | '2.0'; merchantId?: undefined })
  | (FubeiConfigCommon & { vendorSn: string; appId?: undefined; api: '2.0'; merchantId: number | string });

/**
 * Which order to query: exactly one of the three ids (the others absent or `undefined`);
 * `insOrderSn` on the 2.0 API only.
 */
export type FubeiQuery =
  | { merchantOrderSn: string; orderSn?: undefined; insOrderSn?: undefined }
  | { orderSn: string; merchantOrderSn?: undefined; insOrderSn?: undefined }
  | { insOrderSn: string; merchantOrderSn?: undefined; orderSn?: undefined };

