/** A WeChat Pay public key: its id as the merchant platform shows it, and the SPKI PEM. */
export interface V3PublicKey {
  /** `PUB_KEY_ID_…`. */
  id: string;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI). */
  pem: string;
}

/** Signs `message` (UTF-8) with RSASSA-PKCS1-v1_5 SHA-256 and returns the base64 signature (a KMS or HSM). */
export type V3Signer = (message: string) => Promise<string> | string;

type V3Merchant =
  | { /** Direct merchant id. */ mchid: string; spMchid?: undefined; subMchid?: undefined }
  | { /** Service provider merchant id (its key signs). */ spMchid: string; /** Sub-merchant id. */ subMchid: string; mchid?: undefined };

type V3Signing =
  | { /** Merchant API private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`). PKCS#1 is refused with the openssl command that converts it. */ privateKey: string; signer?: undefined }
  | { /** Signs requests instead of `privateKey`; errors it throws propagate unchanged. */ signer: V3Signer; privateKey?: undefined };

type V3VerificationKeys =
  | { wechatpayPublicKey: V3PublicKey; platformCertificates?: string[] | 'auto' | undefined }
  | {
      wechatpayPublicKey?: V3PublicKey | undefined;
      /**
       * X.509 PEMs (serial and key are read from each, expired ones are refused), or `'auto'`:
       * downloaded from `GET /v3/certificates` before the first query, decrypted with `apiV3Key`,
       * refreshed every 12 h, a day before expiry, and (at most once a minute) when an answer
       * names an unknown serial; old and new are kept during a rotation. `'auto'` needs `apiV3Key`.
       */
      platformCertificates: string[] | 'auto';
    };

/** Configuration of {@link WechatPayV3}. Unknown keys are refused (`INVALID_CONFIG`). */
export type WechatPayV3Config = V3Merchant &
  V3Signing &
  V3VerificationKeys &
  ClientEventOptions & {
    /** Serial number of the merchant API certificate (`serial_no` in `Authorization`). */
    merchantSerialNo: string;
    /**
     * The merchant API certificate (`apiclient_cert.pem`), optional: when given, its serial must
     * be `merchantSerialNo` and its key `privateKey`'s, checked at construction
     * (`INVALID_CONFIG` with {@link V3KeyPairingDetail}).
     */
    merchantCertificate?: string | undefined;
    /** The 32-character APIv3 key: needed by notifications and by platform certificate downloads. */
    apiV3Key?: string | undefined;
    /** Default `https://api.mch.weixin.qq.com`. */
    baseUrl?: string | undefined;
    /** A fetch implementation; default the runtime's global `fetch`. */
    fetch?: FetchLike | undefined;
    /** Default time limit per attempt in ms (default 10 000). */
    timeoutMs?: number | undefined;
    /** Retries after the first attempt on transient failures (default 2; at most 10). */
    retries?: number | undefined;
    /** As for {@link WechatPayV2Config.backupBaseUrl}: `https://api2.mch.weixin.qq.com` by default. */
    backupBaseUrl?: string | null | undefined;
    /** Allowed distance of a response timestamp from the local clock, seconds (default 300). */
    maxSkewSeconds?: number | undefined;
  };

/**
 * Which direct or partner order to query: exactly one of the two ids (the other absent or
 * `undefined`); unpaid orders only by `outTradeNo`.
 */
export type WechatPayV3Query =
  | { outTradeNo: string; transactionId?: undefined }
  | { transactionId: string; outTradeNo?: undefined };

/** Which combine order to query. */
export interface WechatPayV3CombineQuery {
  combineOutTradeNo: string;
}

/** Options of `buildAuthorization`: fixed values for tests and devtools. */
export interface BuildAuthorizationOptions {
  /** Unix seconds (default now). */
  timestamp?: number | undefined;
  /** 1-32 letters and digits (default 32 random ones). */
  nonce?: string | undefined;
}

/** Options of `verifyResponse` and `parseNotification`. */
export interface VerifyOptions {
  /** The clock to check `Wechatpay-Timestamp` against, Unix seconds (default now). */
  now?: number | undefined;
}

/** Input of {@link explainV3}. */
export type ExplainV3Input =
  | {
      request: { method: string; url: string; body?: string | undefined; timestamp?: number | undefined; nonce?: string | undefined; authorization?: string | undefined };
      /** `error.detail.wechat` of a `SIGN_ERROR`, to compare with. */
      wechatMessage?: string | undefined;
    }
  | { response: HttpResponseInput; now?: number | undefined; maxSkewSeconds?: number | undefined };

/** What {@link explainV3} reports. */
export type V3Explanation = V3RequestExplanation | V3ResponseExplanation;
